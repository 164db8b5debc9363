import { describe, expect, it } from 'vitest';
import { check } from './testkit.js';

interface Case {
  file: string;
  text: string;
  /** [name, line, kind in details] */
  defined: [string, number, string][];
  absent: string[];
}

const cases: Record<string, Case> = {
  python: {
    file: 'security/rate_limit.py',
    text: `# class InComment: pass
class RateLimiter(Base):
    class Bucket:
        pass
def make(): return RateLimiter()
x = "class InString: pass"
`,
    defined: [
      ['RateLimiter', 2, 'class'],
      ['RateLimiter.Bucket', 3, 'class'],
      ['Bucket', 3, 'class'],
    ],
    absent: ['InComment', 'InString', 'make', 'Base', 'Other.Bucket'],
  },
  javascript: {
    file: 'src/limiter.js',
    text: `// class InComment {}
export class Limiter {}
const Store = class {};
new Missing();
`,
    defined: [
      ['Limiter', 2, 'class'],
      ['Store', 3, 'class'],
    ],
    absent: ['InComment', 'Missing'],
  },
  typescript: {
    file: 'src/models.ts',
    text: `export interface User { id: string }
export type Role = 'admin' | 'user';
export enum Status { Active }
export abstract class Repo<T> { abstract find(id: string): T; }
@Entity() export class Account {}
namespace Auth { export class Token {} }
const x: Unknown = 1;
`,
    defined: [
      ['User', 1, 'interface'],
      ['Role', 2, 'type alias'],
      ['Status', 3, 'enum'],
      ['Repo', 4, 'class'],
      ['Account', 5, 'class'],
      ['Auth.Token', 6, 'class'],
    ],
    absent: ['Unknown', 'find', 'Auth'],
  },
  go: {
    file: 'model.go',
    text: `package model
// type InComment struct{}
type User struct { Name string }
type Store interface { Get() }
type Role string
type Alias = User
func NewUser() *User { return &User{} }
`,
    defined: [
      ['User', 3, 'struct'],
      ['Store', 4, 'interface'],
      ['Role', 5, 'type'],
      ['Alias', 6, 'type'],
    ],
    absent: ['InComment', 'NewUser', 'model.Missing'],
  },
  java: {
    file: 'Models.java',
    text: `package app;
public class Outer {
  public static class Inner {}
  interface Repo {}
  enum Role { ADMIN }
  record Point(int x, int y) {}
  @interface Audited {}
}
`,
    defined: [
      ['Outer', 2, 'class'],
      ['Outer.Inner', 3, 'class'],
      ['Repo', 4, 'interface'],
      ['Role', 5, 'enum'],
      ['Point', 6, 'record'],
      ['Audited', 7, 'annotation type'],
    ],
    absent: ['app.Missing', 'Inner.Outer'],
  },
  csharp: {
    file: 'Models.cs',
    text: `namespace App;
public class User { }
public interface IUserStore { }
public struct Point { }
public record Money(decimal Amount);
public enum Role { Admin }
public delegate void Handler(int x);
`,
    defined: [
      ['User', 2, 'class'],
      ['IUserStore', 3, 'interface'],
      ['Point', 4, 'struct'],
      ['Money', 5, 'record'],
      ['Role', 6, 'enum'],
      ['Handler', 7, 'delegate'],
    ],
    absent: ['App', 'Missing'],
  },
  ruby: {
    file: 'app/models/user.rb',
    text: `# class InComment; end
module Auth
  class User < ApplicationRecord
  end
end
class Admin::Panel; end
`,
    defined: [
      ['Auth', 2, 'module'],
      ['Auth::User', 3, 'class'],
      ['User', 3, 'class'],
      ['Admin::Panel', 6, 'class'],
    ],
    absent: ['InComment', 'ApplicationRecord'],
  },
  rust: {
    file: 'src/model.rs',
    text: `#[derive(Debug)]
pub struct User { id: u64 }
pub enum Role { Admin }
pub trait Store { fn get(&self); }
pub union Bits { a: u32 }
pub type Id = u64;
impl Store for User { fn get(&self) {} }
`,
    defined: [
      ['User', 1, 'struct'],
      ['Role', 3, 'enum'],
      ['Store', 4, 'trait'],
      ['Bits', 5, 'union'],
      ['Id', 6, 'type alias'],
    ],
    absent: ['Debug', 'get'],
  },
  php: {
    file: 'src/User.php',
    text: `<?php
namespace App\\Models;
class User extends Model {}
interface Repository {}
trait HasRoles {}
enum Status: string { case Active = 'a'; }
`,
    defined: [
      ['User', 3, 'class'],
      ['Repository', 4, 'interface'],
      ['HasRoles', 5, 'trait'],
      ['Status', 6, 'enum'],
    ],
    absent: ['Model', 'App\\Models\\Missing'],
  },
};

describe('class_exists', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [name, line, kind] of c.defined) {
        it(`finds ${kind} ${name}`, async () => {
          const r = await check('class_exists', c.file, c.text, { name });
          expect(r.result, r.details).toBe('pass');
          expect(r.details).toContain(`${kind} `);
          expect(r.details).toContain(`${c.file}:${line}`);
        });
      }
      for (const name of c.absent) {
        it(`does not find ${name}`, async () => {
          const r = await check('class_exists', c.file, c.text, { name });
          expect(r.result, r.details).toBe('fail');
        });
      }
    });
  }

  it('says when the name is a function, not a type', async () => {
    const r = await check('class_exists', 'a.py', 'def RateLimiter():\n    pass\n', { name: 'RateLimiter' });
    expect(r.result).toBe('fail');
    expect(r.details).toBe('RateLimiter is a function at a.py:1, not a type');
  });

  it('skips unsupported languages', async () => {
    const r = await check('class_exists', 'Main.kt', 'class A', { name: 'A' });
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
});
