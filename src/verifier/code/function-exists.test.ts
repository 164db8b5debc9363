import { describe, expect, it } from 'vitest';
import { check, checkRaw } from './testkit.js';

/** Per language: a source, names that must be found (with the line), and names that must not. */
interface Case {
  file: string;
  text: string;
  defined: [string, number][];
  absent: string[];
  /** Declared without implementation (ruling 18). */
  declared?: string[];
}

const cases: Record<string, Case> = {
  python: {
    file: 'app/views.py',
    text: `# def in_comment(): pass
"""def in_docstring(): pass"""
import abc
class AccountController:
    class AccountView:
        @staticmethod
        def from_(x):
            return x
    @abc.abstractmethod
    def abstract_one(self): ...

@app.route("/users/<int:user_id>")
@login_required
async def get_user_profile(user_id: int):
    register(callback_only)
    return render(user_id)

handler = lambda req: req
print("def in_string(): pass")
`,
    defined: [
      ['get_user_profile', 12],
      ['AccountController.AccountView.from_', 6],
      ['AccountView.from_', 6],
      ['from_', 6],
      ['handler', 18],
    ],
    absent: ['in_comment', 'in_docstring', 'in_string', 'register', 'callback_only', 'Other.from_', 'AccountView'],
    declared: ['abstract_one'],
  },
  javascript: {
    file: 'src/routes.jsx',
    text: `// function inComment() {}
const s = "function inString() {}";
export default function dashboard() { return <div onClick={() => track()} />; }
async function login(req, res) { await verify(req); }
const logout = async (req, res) => { res.end(); };
const wrapped = asyncHandler(async (req, res) => {});
const api = { refresh() {}, revoke: function () {} };
class Session { static create() {} #secret() {} }
Session.prototype.destroy = function () {};
module.exports.rotate = () => {};
`,
    defined: [
      ['dashboard', 3],
      ['login', 4],
      ['logout', 5],
      ['wrapped', 6],
      ['api.refresh', 7],
      ['revoke', 7],
      ['Session.create', 8],
      ['Session.destroy', 9],
      ['rotate', 10],
    ],
    absent: ['inComment', 'inString', 'track', 'verify', 'Session.refresh'],
  },
  typescript: {
    file: 'src/users.controller.ts',
    text: `@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}
  @Get(':id')
  async findOne(@Param('id', ParseIntPipe) id: number): Promise<User> { return this.users.find(id); }
  handle = (req: Request) => this.findOne(1);
  overloaded(a: string): void;
  overloaded(a: number): void;
  overloaded(a: unknown): void {}
  onlySignature(a: string): void;
}
export abstract class Base { abstract guard(): boolean; }
export interface Repo { load(id: string): Promise<User>; }
declare function ambient(x: string): void;
export function helper<T>(x: T): T { return x; }
namespace Auth { export function check() {} }
type Handler = (req: Request) => void;
`,
    defined: [
      ['UsersController.findOne', 4],
      ['findOne', 4],
      ['UsersController.constructor', 3],
      ['handle', 6],
      ['overloaded', 9],
      ['helper', 15],
      ['Auth.check', 16],
    ],
    absent: ['Handler', 'UsersService', 'Other.findOne'],
    declared: ['guard', 'load', 'ambient', 'onlySignature'],
  },
  go: {
    file: 'internal/users/handler.go',
    text: `package users

// func InComment() {}
type Users struct{ db *DB }
type Store interface { Get(id string) (*User, error) }
func (h *Users) Get(w http.ResponseWriter, r *http.Request) { h.db.Find("func InString()") }
func (u Users) List() {}
func New(db *DB) *Users { return &Users{db: db} }
var middleware = func(next http.Handler) http.Handler { return next }
func assembly(x int)
`,
    defined: [
      ['Users.Get', 6],
      ['Get', 6],
      ['Users.List', 7],
      ['New', 8],
      ['middleware', 9],
    ],
    absent: ['InComment', 'InString', 'users.New', 'Find', 'Store.List'],
    declared: ['Store.Get', 'assembly'],
  },
  java: {
    file: 'src/main/java/app/UserController.java',
    text: `package app;
// public void inComment() {}
@RestController
public class UserController {
  public UserController(UserService s) { this.s = s; }
  @GetMapping("/{id}")
  public User get(@PathVariable Long id) { return s.find("void inString()"); }
  abstract void pending();
  interface Repo { User load(long id); default void touch() {} }
  record Page(int n) { Page { check(n); } }
}
`,
    defined: [
      ['UserController.get', 6],
      ['UserController', 5],
      ['Repo.touch', 9],
      ['UserController.Repo.touch', 9],
      ['Page', 10],
    ],
    absent: ['inComment', 'inString', 'find', 'check'],
    declared: ['pending', 'load'],
  },
  csharp: {
    file: 'Controllers/UsersController.cs',
    text: `namespace App.Controllers;
// public void InComment() {}
[ApiController]
public class UsersController : ControllerBase {
  public UsersController(IUserService s) { _s = s; }
  [HttpGet("{id}")]
  public async Task<IActionResult> Get(int id) { int Local(int x) => x; return Ok(_s.Find("void InString()")); }
  public abstract void Pending();
  partial void Hook();
  public int Count() => 1;
}
public interface IUserService { User Find(string id); }
`,
    defined: [
      ['UsersController.Get', 6],
      ['Get', 6],
      ['Local', 7],
      ['Count', 10],
      ['UsersController.UsersController', 5],
    ],
    absent: ['InComment', 'InString', 'Ok', 'IUserService'],
    declared: ['Pending', 'Hook', 'IUserService.Find'],
  },
  ruby: {
    file: 'app/controllers/admin/users_controller.rb',
    text: `# def in_comment; end
module Admin
  class UsersController < ApplicationController
    before_action :authenticate_user!
    def show
      render plain: "def in_string; end"
    end
    def self.build(x) = new(x)
    define_method(:dynamic) { |a| a }
    private
    def set_user; end
  end
end
`,
    defined: [
      ['Admin::UsersController#show', 5],
      ['UsersController.show', 5],
      ['Admin.UsersController.build', 8],
      ['dynamic', 9],
      ['set_user', 11],
    ],
    absent: ['in_comment', 'in_string', 'authenticate_user!', 'render', 'Admin.show2'],
  },
  rust: {
    file: 'src/auth.rs',
    text: `// fn in_comment() {}
pub struct Users { id: u32 }
pub trait Repo { fn get(&self, id: &str) -> Option<User>; fn describe(&self) -> String { String::new() } }
impl Repo for Users {
    fn get(&self, id: &str) -> Option<User> { lookup("fn in_string()") }
}
impl Users { pub fn new() -> Self { Users { id: 0 } } }
mod handlers { pub async fn login() {} }
#[tokio::main]
async fn main() { let check = |x: u32| x > 0; }
`,
    defined: [
      ['Users::get', 5],
      ['Users.new', 7],
      ['Repo::describe', 3],
      ['handlers::login', 8],
      ['main', 9],
      ['check', 10],
    ],
    absent: ['in_comment', 'in_string', 'lookup', 'Repo::new'],
    declared: ['Repo::get'],
  },
  php: {
    file: 'app/Http/Controllers/UserController.php',
    text: `<?php
namespace App\\Http\\Controllers;
// function inComment() {}
function helper(int $x) { return $x; }
class UserController extends Controller {
    public function store(StoreUserRequest $request) { return view("function inString()"); }
    abstract protected function pending();
    public static function make() {}
}
interface Repo { public function find($id); }
trait Audits { public function audit() {} }
$closure = function ($x) { return $x; };
`,
    defined: [
      ['UserController::store', 6],
      ['UserController.make', 8],
      ['helper', 4],
      ['Audits::audit', 11],
      ['closure', 12],
      // the namespace qualifies like an enclosing type: the full name and any trailing part of it
      ['App\\Http\\Controllers\\helper', 4],
      ['Controllers\\UserController::store', 6],
    ],
    absent: ['inComment', 'inString', 'view', 'Other\\Controllers\\helper', 'App\\helper'],
    declared: ['pending', 'Repo::find'],
  },
};

describe('function_exists', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [name, line] of c.defined) {
        it(`finds ${name}`, async () => {
          const r = await check('function_exists', c.file, c.text, { name });
          expect(r.result, r.details).toBe('pass');
          expect(r.details).toContain(`${c.file}:${line}`);
          expect(r.evidence?.line).toBe(line);
        });
      }
      for (const name of c.absent) {
        it(`does not find ${name}`, async () => {
          const r = await check('function_exists', c.file, c.text, { name });
          expect(r.result, r.details).toBe('fail');
          expect(r.details).toContain(name);
        });
      }
      for (const name of c.declared ?? []) {
        it(`does not accept the declaration ${name}`, async () => {
          const r = await check('function_exists', c.file, c.text, { name });
          expect(r.result, r.details).toBe('fail');
          expect(r.details).toContain('only declared');
        });
      }
    });
  }
});

describe('function_exists: common rules', () => {
  it('skips an unsupported language', async () => {
    const r = await check('function_exists', 'main.c', 'int main() { return 0; }', { name: 'main' });
    expect(r).toEqual({ result: 'skipped', details: 'main.c: language not supported' });
  });

  it('fails for a missing file', async () => {
    const r = await checkRaw('function_exists', {}, { file: 'nope.py', name: 'x' });
    expect(r.result).toBe('fail');
    expect(r.details).toContain('nope.py does not exist');
  });

  it('fails for a path escaping the root', async () => {
    const r = await checkRaw('function_exists', {}, { file: '../etc/x.py', name: 'x' });
    expect(r.result).toBe('fail');
    expect(r.details).toContain('path escapes project root');
  });

  it('answers error for bad params', async () => {
    const missing = await checkRaw('function_exists', { 'a.py': '' }, { file: 'a.py' });
    expect(missing.result).toBe('error');
    expect(missing.details).toContain('name');
    const extra = await checkRaw('function_exists', { 'a.py': '' }, { file: 'a.py', name: 'x', bogus: 1 });
    expect(extra.result).toBe('error');
  });

  it('names the near misses when the qualifier does not match', async () => {
    const r = await check('function_exists', 'a.py', 'class Orders:\n    def get(self): pass\n', { name: 'Users.get' });
    expect(r.result).toBe('fail');
    expect(r.details).toContain('Orders.get (a.py:2)');
  });
});
