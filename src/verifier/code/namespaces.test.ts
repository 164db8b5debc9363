import { describe, expect, it } from 'vitest';
import { check } from './testkit.js';

/**
 * Ruling 1: a qualified name must match the enclosing definitions. A namespace or package encloses the types of a
 * file like an outer type does, so a fully qualified name — the way people and tools name a class in PHP, C# and
 * Java — names it, as does any trailing part; another namespace does not.
 */

const PHP_FILE = `<?php
namespace App\\Http\\Controllers;

class PostController extends Controller {
    public function store(Request $request) { return $request; }
}
`;

const PHP_TWO_BLOCKS = `<?php
namespace App\\Models { class Post {} }
namespace App\\Legacy { class Post {} }
`;

const CSHARP_FILE_SCOPED = `namespace MyApp.Controllers;

public class UsersController : ControllerBase
{
    public IActionResult Get() => Ok();
}
`;

const CSHARP_BLOCK = `namespace MyApp.Services
{
    namespace Auth
    {
        public class TokenService { public string Issue() { return "t"; } }
    }
    public class Mailer { }
}
`;

const JAVA = `package com.acme.web;

public class UserController {
    public String show() { return "user"; }
}
`;

describe('namespaces and packages qualify definitions', () => {
  it.each([
    ['App\\Http\\Controllers\\PostController', 'pass'],
    ['\\App\\Http\\Controllers\\PostController', 'pass'],
    ['Controllers\\PostController', 'pass'],
    ['PostController', 'pass'],
    ['App\\Models\\PostController', 'fail'],
  ])('PHP file namespace: class_exists %s → %s', async (name, result) => {
    const r = await check('class_exists', 'app/Http/Controllers/PostController.php', PHP_FILE, { name });
    expect(r.result, r.details).toBe(result);
  });

  it('PHP: function_exists with the namespace and the class', async () => {
    const r = await check('function_exists', 'app/Http/Controllers/PostController.php', PHP_FILE, {
      name: 'App\\Http\\Controllers\\PostController::store',
    });
    expect(r.result, r.details).toBe('pass');
    expect(r.evidence?.line).toBe(5);
  });

  it('PHP block namespaces: each class under its own namespace only', async () => {
    const models = await check('class_exists', 'src/post.php', PHP_TWO_BLOCKS, { name: 'App\\Models\\Post' });
    expect(models.result).toBe('pass');
    expect(models.evidence?.line).toBe(2);
    const legacy = await check('class_exists', 'src/post.php', PHP_TWO_BLOCKS, { name: 'App\\Legacy\\Post' });
    expect(legacy.evidence?.line).toBe(3);
    const other = await check('class_exists', 'src/post.php', PHP_TWO_BLOCKS, { name: 'App\\Other\\Post' });
    expect(other.result).toBe('fail');
  });

  it.each([
    ['MyApp.Controllers.UsersController.Get', 'pass'],
    ['UsersController.Get', 'pass'],
    ['MyApp.Services.UsersController.Get', 'fail'],
  ])('C# file-scoped namespace: function_exists %s → %s', async (name, result) => {
    const r = await check('function_exists', 'Controllers/UsersController.cs', CSHARP_FILE_SCOPED, { name });
    expect(r.result, r.details).toBe(result);
  });

  it.each([
    ['MyApp.Services.Auth.TokenService', 'pass'],
    ['Auth.TokenService', 'pass'],
    ['MyApp.Services.Mailer', 'pass'],
    ['MyApp.Services.Auth.Mailer', 'fail'],
  ])('C# nested block namespaces: class_exists %s → %s', async (name, result) => {
    const r = await check('class_exists', 'Services/Auth.cs', CSHARP_BLOCK, { name });
    expect(r.result, r.details).toBe(result);
  });

  it.each([
    ['com.acme.web.UserController', 'pass'],
    ['web.UserController', 'pass'],
    ['UserController', 'pass'],
    ['com.other.UserController', 'fail'],
  ])('Java package: class_exists %s → %s', async (name, result) => {
    const r = await check('class_exists', 'src/main/java/com/acme/web/UserController.java', JAVA, { name });
    expect(r.result, r.details).toBe(result);
  });

  it('Java: a method under package and class', async () => {
    const r = await check('function_exists', 'src/main/java/com/acme/web/UserController.java', JAVA, {
      name: 'com.acme.web.UserController.show',
    });
    expect(r.result, r.details).toBe('pass');
  });
});
