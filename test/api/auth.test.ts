import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { createTestApp, PASSWORD, session, sessionCookie, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('first-run setup and sessions', () => {
  it('refuses login before setup and reports who is signed in after it', async () => {
    const before = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a@example.com', password: PASSWORD },
    });
    expect(before.statusCode).toBe(401);
    expect(before.json().error.code).toBe('invalid_login');

    const open = await t.app.inject({ method: 'GET', url: '/api/auth/setup' });
    expect(open.json()).toEqual({ setup_required: true });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { email: 'Ada@Example.com', password: PASSWORD, name: 'Ada' },
    });
    expect(res.statusCode).toBe(201);
    const closed = await t.app.inject({ method: 'GET', url: '/api/auth/setup' });
    expect(closed.json()).toEqual({ setup_required: false });
    const body = res.json();
    expect(body.user.email).toBe('ada@example.com');
    expect(body.user.is_instance_admin).toBe(true);
    expect(body.workspace).toMatchObject({ role: 'owner' });
    expect(body.workspace.id).toMatch(/^ws_/);
    expect(JSON.stringify(body)).not.toContain('password');
    const cookie = res.cookies.find((c) => c.name === 'assay_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', ...session(sessionCookie(res)) });
    expect(me.statusCode).toBe(200);
    expect(me.json().workspaces).toEqual([expect.objectContaining({ id: body.workspace.id, role: 'owner' })]);
  });

  it('refuses a second setup and changes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { email: 'mallory@example.com', password: PASSWORD, name: 'Mallory' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('setup_done');
    const rows = await t.ctx.db.select().from(users);
    expect(rows.map((u) => u.email)).toEqual(['ada@example.com']);
  });

  it('stores a memory-hard hash, never the password', async () => {
    const [row] = await t.ctx.db.select().from(users);
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
  });

  it('rejects a wrong password with the same error as an unknown email', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ada@example.com', password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe(unknown.json().error.code);
    expect(wrong.cookies).toHaveLength(0);
  });

  it('logs out: the old cookie stops working', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ada@example.com', password: PASSWORD },
    });
    const cred = session(sessionCookie(login));
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', ...cred })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', ...cred });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', ...cred });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_session');
  });

  it('requires X-Requested-With on state-changing cookie requests (CSRF)', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ada@example.com', password: PASSWORD },
    });
    const cookie = `assay_session=${sessionCookie(login)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/workspaces',
      headers: { cookie },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_header_missing');
    const list = await t.app.inject({ method: 'GET', url: '/api/workspaces', headers: { cookie } });
    expect(list.json().items.map((w: { name: string }) => w.name)).not.toContain('x');
  });

  it('rejects a forged session token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'assay_session=eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts', async () => {
    const limited = await createTestApp({ ASSAY_LOGIN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'x@example.com', password: 'whatever-it-is' },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
