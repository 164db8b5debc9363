import { describe, expect, it } from 'vitest';
import { check, checkRaw } from './testkit.js';

/** [function, decorator, expected result, text the details must contain] */
type Row = [string, string, 'pass' | 'fail', string];

const cases: Record<string, { file: string; text: string; rows: Row[] }> = {
  python: {
    file: 'api/views.py',
    text: `# @login_required
@app.route("/profile")
@login_required
def get_user_profile(request):
    return "@admin_only"

@auth.login_required()
def settings(request): pass

@login_required_admin
def admin_panel(request): pass

@method_decorator(login_required, name="dispatch")
class ProfileView(View):
    def get(self, request): pass

class Api:
    @router.get("/items", dependencies=[Depends(verify)])
    async def items(self): pass
`,
    rows: [
      ['get_user_profile', 'login_required', 'pass', '@login_required (api/views.py:3)'],
      ['get_user_profile', '@login_required', 'pass', '@login_required'],
      ['get_user_profile', 'app.route', 'pass', '@app.route'],
      ['get_user_profile', 'route("/profile")', 'pass', '@app.route'],
      ['get_user_profile', 'route("/other")', 'fail', 'carries @app.route, @login_required but not @route'],
      ['get_user_profile', 'admin_only', 'fail', 'not @admin_only'],
      ['settings', 'login_required', 'pass', '@auth.login_required'],
      ['settings', 'auth.login_required', 'pass', '@auth.login_required'],
      ['settings', 'other.login_required', 'fail', 'not @other.login_required'],
      ['admin_panel', 'login_required', 'fail', 'carries @login_required_admin but not @login_required'],
      ['admin_panel', 'required_admin', 'fail', 'not @required_admin'],
      ['ProfileView', 'login_required', 'pass', 'ProfileView'],
      ['ProfileView.get', 'login_required', 'fail', 'its class ProfileView carries it'],
      ['Api.items', 'get', 'pass', '@router.get'],
      ['missing', 'login_required', 'fail', 'no function, method or class named missing'],
    ],
  },
  typescript: {
    file: 'src/users.controller.ts',
    text: `@Controller('users')
@UseGuards(JwtAuthGuard)
export class UsersController {
  @Get(':id')
  @Roles('admin')
  findOne(@Param('id') id: string) { return id; }

  @Post()
  create() {}
  // @Roles('admin')
  remove() {}
}
`,
    rows: [
      ['UsersController.findOne', 'Roles', 'pass', '@Roles (src/users.controller.ts:5)'],
      ['findOne', 'Get', 'pass', '@Get'],
      ['create', 'Roles', 'fail', 'carries @Post but not @Roles'],
      ['remove', 'Roles', 'fail', 'has no decorator'],
      ['UsersController', 'UseGuards', 'pass', '@UseGuards'],
      ['UsersController.create', 'UseGuards', 'fail', 'its class UsersController carries it'],
      ['findOne', 'Param', 'fail', 'not @Param'],
    ],
  },
  javascript: {
    file: 'src/store.js',
    text: `class Store {
  @observable items = [];
  @action.bound add(item) { this.items.push(item); }
}
`,
    rows: [
      ['add', 'bound', 'pass', '@action.bound'],
      ['Store.add', 'action.bound', 'pass', '@action.bound'],
      ['add', 'action', 'fail', 'not @action'],
    ],
  },
  java: {
    file: 'src/main/java/app/AccountService.java',
    text: `package app;
@Service
public class AccountService {
  @org.springframework.transaction.annotation.Transactional
  @PreAuthorize("hasRole('ADMIN')")
  public void transfer(long from, long to) {}
  @Transactional(readOnly = true)
  public Account find(long id) { return null; }
  /* @Secured */
  public void audit() {}
}
`,
    rows: [
      ['transfer', 'Transactional', 'pass', '@org.springframework.transaction.annotation.Transactional'],
      ['transfer', 'annotation.Transactional', 'pass', 'Transactional'],
      ['transfer', 'PreAuthorize', 'pass', '@PreAuthorize'],
      ['AccountService.find', 'Transactional', 'pass', '@Transactional (src/main/java/app/AccountService.java:7)'],
      ['find', 'springframework.Transactional', 'fail', 'not @springframework.Transactional'],
      ['audit', 'Secured', 'fail', 'has no decorator'],
      ['AccountService', 'Service', 'pass', '@Service'],
    ],
  },
  csharp: {
    file: 'Controllers/AdminController.cs',
    text: `[Authorize(Roles = "Admin")]
public class AdminController : Controller {
  [HttpPost, ValidateAntiForgeryTokenAttribute]
  public IActionResult Delete(int id) => Ok();
  [AllowAnonymous]
  public IActionResult Login() => View();
  public IActionResult Index() => View();
}
`,
    rows: [
      ['Delete', 'ValidateAntiForgeryToken', 'pass', '[ValidateAntiForgeryTokenAttribute]'],
      ['Delete', 'HttpPostAttribute', 'pass', '[HttpPost]'],
      ['Login', 'AllowAnonymous', 'pass', '[AllowAnonymous]'],
      ['AdminController', 'Authorize', 'pass', '[Authorize]'],
      ['AdminController.Index', 'Authorize', 'fail', 'its class AdminController carries it'],
      ['Login', 'Allow', 'fail', 'carries [AllowAnonymous] but not [Allow]'],
    ],
  },
  rust: {
    file: 'src/main.rs',
    text: `#[tokio::main]
async fn main() {}

#[get("/users/{id}")]
// handler
#[tracing::instrument(skip(db))]
async fn get_user(db: Db) -> impl Responder { todo!() }

#[derive(Debug, Clone)]
struct Config;

/// #[test]
fn helper() {}
`,
    rows: [
      ['main', 'main', 'pass', '#[tokio::main] (src/main.rs:1)'],
      ['main', 'tokio::main', 'pass', '#[tokio::main]'],
      ['get_user', 'instrument', 'pass', '#[tracing::instrument]'],
      ['get_user', 'get', 'pass', '#[get]'],
      ['get_user', 'tokio::get', 'fail', 'not #[tokio::get]'],
      ['Config', 'derive', 'pass', '#[derive]'],
      ['helper', 'test', 'fail', 'has no decorator'],
    ],
  },
  php: {
    file: 'src/Controller/AdminController.php',
    text: `<?php
#[Route('/admin')]
class AdminController extends AbstractController {
    #[IsGranted('ROLE_ADMIN')]
    #[\\Symfony\\Component\\Routing\\Attribute\\Route('/users', methods: ['GET'])]
    public function users(): Response {}
    public function open(): Response {}
}
`,
    rows: [
      ['users', 'IsGranted', 'pass', '#[IsGranted]'],
      ['AdminController::users', 'Route', 'pass', 'Route'],
      ['users', 'Attribute\\Route', 'pass', 'Route'],
      ['open', 'IsGranted', 'fail', 'has no decorator'],
      ['AdminController', 'Route', 'pass', '#[Route]'],
    ],
  },
  go: {
    file: 'main.go',
    text: `package main
// @login_required
func Handler(w http.ResponseWriter, r *http.Request) {}
`,
    rows: [['Handler', 'login_required', 'fail', 'has no decorator']],
  },
  ruby: {
    file: 'app/controllers/users_controller.rb',
    text: `class UsersController < ApplicationController
  before_action :authenticate_user!
  def show; end
end
`,
    rows: [['show', 'authenticate_user!', 'fail', 'has no decorator']],
  },
};

describe('decorator_present', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [fn, decorator, result, details] of c.rows) {
        it(`${fn} / ${decorator} → ${result}`, async () => {
          const r = await check('decorator_present', c.file, c.text, { function: fn, decorator });
          expect(r.result, r.details).toBe(result);
          expect(r.details).toContain(details);
        });
      }
    });
  }

  it('gives evidence covering the decorators and the definition', async () => {
    const r = await check('decorator_present', cases.typescript!.file, cases.typescript!.text, {
      function: 'findOne',
      decorator: 'Roles',
    });
    expect(r.evidence).toEqual({ file: 'src/users.controller.ts', line: 4, end_line: 6 });
  });

  it('answers error for bad params', async () => {
    const r = await checkRaw('decorator_present', { 'a.py': '' }, { file: 'a.py', function: 'f', decorator: '' });
    expect(r.result).toBe('error');
    expect(r.details).toContain('decorator must not be empty');
  });

  it('skips unsupported languages', async () => {
    const r = await check('decorator_present', 'A.kt', '@Test fun a() {}', { function: 'a', decorator: 'Test' });
    expect(r.result).toBe('skipped');
  });
});
