import { describe, expect, it } from 'vitest';
import { check, checkRaw } from './testkit.js';

/** [caller, callee, depth, expected result, text the details must contain] */
type Row = [string, string, number, 'pass' | 'fail', string];

const cases: Record<string, { file: string; text: string; rows: Row[] }> = {
  python: {
    file: 'auth/session.py',
    text: `class SessionView:
    def logout(self, request):
        # invalidate_session(request)
        log.info("invalidate_session(request)")
        self.end_session(request)
        signals.connect(revoke_tokens)

    def end_session(self, request):
        run_later(lambda: invalidate_session(request.session))

    def refresh(self):
        session.invalidate_session()

def invalidate_session(s):
    store.delete(s)

def login(request):
    def remember():
        set_cookie(request)
    return authenticate(request)

def invalidate_session_later(): pass
def chain_a(): chain_b()
def chain_b(): chain_c()
def chain_c(): chain_d()
def chain_d(): target()
`,
    rows: [
      [
        'logout',
        'invalidate_session',
        1,
        'fail',
        'SessionView.logout (auth/session.py:2) does not call invalidate_session',
      ],
      ['logout', 'invalidate_session', 2, 'pass', 'logout → end_session → invalidate_session'],
      ['logout', 'end_session', 1, 'pass', 'calls self.end_session() at auth/session.py:5'],
      ['logout', 'SessionView.end_session', 1, 'pass', 'self.end_session()'],
      ['logout', 'Other.end_session', 1, 'fail', 'does not call Other.end_session'],
      ['logout', 'revoke_tokens', 1, 'fail', 'does not call revoke_tokens'],
      ['SessionView.refresh', 'invalidate_session', 1, 'pass', 'session.invalidate_session() at auth/session.py:12'],
      ['refresh', 'session.invalidate_session', 1, 'pass', 'session.invalidate_session()'],
      ['end_session', 'invalidate_session', 1, 'pass', 'invalidate_session() at auth/session.py:9'],
      ['login', 'set_cookie', 1, 'pass', 'set_cookie()'],
      ['login', 'invalidate_session', 3, 'fail', 'up to 3 calls deep'],
      ['chain_a', 'target', 3, 'fail', 'does not call target'],
      ['chain_a', 'target', 4, 'pass', 'chain_a → chain_b → chain_c → chain_d → target'],
      ['missing', 'x', 1, 'fail', 'no function or method named missing'],
    ],
  },
  javascript: {
    file: 'src/auth.js',
    text: `async function logout(req, res) {
  // invalidateSession(req)
  const msg = "invalidateSession(req)";
  await req.session.destroy();
  res.on('finish', () => audit.record(req.user));
  emitter.on('x', invalidateSession);
  new Session(req).close?.();
}
const refresh = async (req) => tokens.rotate?.(req);
`,
    rows: [
      ['logout', 'destroy', 1, 'pass', 'req.session.destroy() at src/auth.js:4'],
      ['logout', 'session.destroy', 1, 'pass', 'req.session.destroy()'],
      ['logout', 'record', 1, 'pass', 'audit.record()'],
      ['logout', 'invalidateSession', 1, 'fail', 'does not call invalidateSession'],
      ['logout', 'Session', 1, 'pass', 'Session()'],
      ['refresh', 'rotate', 1, 'pass', 'tokens.rotate()'],
    ],
  },
  typescript: {
    file: 'src/users.service.ts',
    text: `export class UsersService {
  async remove(id: string): Promise<void> {
    await this.repo.delete(id);
    this.audit<User>(id);
  }
  private audit<T>(id: string) { this.logger.log(id); }
}
`,
    rows: [
      ['UsersService.remove', 'delete', 1, 'pass', 'this.repo.delete()'],
      ['remove', 'audit', 1, 'pass', 'this.audit()'],
      ['remove', 'log', 2, 'pass', 'remove → audit → log'],
      ['remove', 'log', 1, 'fail', 'does not call log'],
    ],
  },
  go: {
    file: 'handlers/auth.go',
    text: `package handlers

func (h *Auth) Logout(c *gin.Context) {
	// sessions.Invalidate(c)
	h.store.Invalidate(c.GetString("sid"))
	go func() { audit.Record("logout") }()
	decode[Claims](c)
	http.HandleFunc("/x", Revoke)
}

func Revoke(w http.ResponseWriter, r *http.Request) { clearCookie(w) }

func (a *Auth) Refresh() { a.Logout(nil) }
`,
    rows: [
      ['Auth.Logout', 'Invalidate', 1, 'pass', 'h.store.Invalidate() at handlers/auth.go:5'],
      ['Logout', 'store.Invalidate', 1, 'pass', 'h.store.Invalidate()'],
      ['Logout', 'Record', 1, 'pass', 'audit.Record()'],
      ['Logout', 'decode', 1, 'pass', 'decode()'],
      ['Logout', 'Revoke', 1, 'fail', 'does not call Revoke'],
      ['Logout', 'clearCookie', 3, 'fail', 'does not call clearCookie'],
      ['Refresh', 'Auth.Logout', 1, 'pass', 'a.Logout() at handlers/auth.go:13'],
      ['Refresh', 'Other.Logout', 1, 'fail', 'does not call Other.Logout'],
    ],
  },
  java: {
    file: 'src/main/java/app/AuthController.java',
    text: `public class AuthController {
  public void logout(HttpServletRequest req) {
    // session.invalidate();
    req.getSession().invalidate();
    tokens.forEach(t -> revoke(t));
    list.forEach(this::expire);
    new AuditEvent("logout");
  }
  private void revoke(String t) { store.delete(t); }
}
`,
    rows: [
      ['logout', 'invalidate', 1, 'pass', 'invalidate() at src/main/java/app/AuthController.java:4'],
      ['AuthController.logout', 'revoke', 1, 'pass', 'revoke()'],
      ['logout', 'expire', 1, 'fail', 'does not call expire'],
      ['logout', 'AuditEvent', 1, 'pass', 'AuditEvent()'],
      ['logout', 'store.delete', 2, 'pass', 'logout → revoke → store.delete'],
    ],
  },
  csharp: {
    file: 'Controllers/AccountController.cs',
    text: `public class AccountController : Controller {
  public async Task<IActionResult> Logout() {
    // HttpContext.SignOutAsync();
    await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    _cache?.Remove(UserId);
    var items = _repo.Find<User>(x => Validate(x));
    this.Audit();
    return RedirectToAction(nameof(Index));
  }
}
`,
    rows: [
      ['Logout', 'SignOutAsync', 1, 'pass', 'HttpContext.SignOutAsync() at Controllers/AccountController.cs:4'],
      ['Logout', 'Remove', 1, 'pass', '_cache.Remove()'],
      ['Logout', 'Find', 1, 'pass', '_repo.Find()'],
      ['Logout', 'Validate', 1, 'pass', 'Validate()'],
      ['Logout', 'Index', 1, 'fail', 'does not call Index'],
      ['Logout', 'AccountController.Audit', 1, 'pass', 'this.Audit() at Controllers/AccountController.cs:7'],
    ],
  },
  ruby: {
    file: 'app/controllers/sessions_controller.rb',
    text: `class SessionsController < ApplicationController
  def destroy
    # reset_session
    reset_session
    current_user.forget_me! if current_user
    cookies.each { |c| expire c }
    log "reset_session"
    callback = method(:revoke)
  end

  def shadowed
    reset_session = nil
    reset_session
  end
end
`,
    rows: [
      ['destroy', 'reset_session', 1, 'pass', 'reset_session() at app/controllers/sessions_controller.rb:4'],
      ['SessionsController#destroy', 'forget_me!', 1, 'pass', 'current_user.forget_me!()'],
      ['destroy', 'expire', 1, 'pass', 'expire()'],
      ['destroy', 'revoke', 1, 'fail', 'does not call revoke'],
      ['shadowed', 'reset_session', 1, 'fail', 'does not call reset_session'],
    ],
  },
  rust: {
    file: 'src/auth.rs',
    text: `impl AuthService {
    pub async fn logout(&self, token: &str) -> Result<(), Error> {
        // revoke(token)
        let claims = decode::<Claims>(token)?;
        self.store.revoke(&claims.sid).await?;
        tokens.iter().for_each(|t| audit::record(t));
        tracing::info!("revoke(token)");
        Self::cleanup(token);
        Ok(())
    }
    fn cleanup(t: &str) { purge(t) }
}
`,
    rows: [
      ['AuthService::logout', 'decode', 1, 'pass', 'decode() at src/auth.rs:4'],
      ['logout', 'revoke', 1, 'pass', 'self.store.revoke()'],
      ['logout', 'audit::record', 1, 'pass', 'audit.record()'],
      ['logout', 'info!', 1, 'pass', 'tracing.info()'],
      ['logout', 'AuthService::cleanup', 1, 'pass', 'Self.cleanup()'],
      ['logout', 'purge', 2, 'pass', 'logout → cleanup → purge'],
      ['logout', 'encode', 1, 'fail', 'does not call encode'],
    ],
  },
  php: {
    file: 'app/Http/Controllers/AuthController.php',
    text: `<?php
class AuthController extends Controller {
    public function logout(Request $request) {
        // Auth::logout();
        Auth::logout();
        $request->session()->invalidate();
        $this->forget($request);
        array_map(fn($t) => revoke($t), $tokens);
        $cb = 'regenerateToken';
        return redirect('/');
    }
    private function forget($r) { \\Cookie::queue(\\Cookie::forget('remember')); }
}
`,
    rows: [
      ['logout', 'Auth::logout', 1, 'pass', 'Auth.logout() at app/Http/Controllers/AuthController.php:5'],
      ['AuthController::logout', 'invalidate', 1, 'pass', 'invalidate()'],
      ['logout', 'forget', 1, 'pass', 'this.forget()'],
      ['logout', 'revoke', 1, 'pass', 'revoke()'],
      ['logout', 'regenerateToken', 1, 'fail', 'does not call regenerateToken'],
      ['logout', 'Cookie::queue', 2, 'pass', 'logout → forget → Cookie::queue'],
    ],
  },
};

describe('function_calls', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [caller, callee, depth, result, details] of c.rows) {
        it(`${caller} → ${callee} (depth ${depth}) → ${result}`, async () => {
          const r = await check('function_calls', c.file, c.text, { caller, callee, depth });
          expect(r.result, r.details).toBe(result);
          expect(r.details).toContain(details);
        });
      }
    });
  }

  it('answers error for a depth out of range', async () => {
    const r = await checkRaw('function_calls', { 'a.py': '' }, { file: 'a.py', caller: 'a', callee: 'b', depth: 6 });
    expect(r.result).toBe('error');
    expect(r.details).toContain('depth must be an integer from 1 to 5');
  });

  it('skips unsupported languages', async () => {
    const r = await check('function_calls', 'a.swift', 'func a() { b() }', { caller: 'a', callee: 'b' });
    expect(r.result).toBe('skipped');
  });

  it('points the evidence at the caller', async () => {
    const r = await check('function_calls', cases.python!.file, cases.python!.text, {
      caller: 'logout',
      callee: 'end_session',
    });
    expect(r.evidence).toEqual({ file: 'auth/session.py', line: 2, end_line: 6 });
  });
});
