import { rateLimit, requireAuth, securityHeaders } from './middleware.js';
import { createRouter, send } from './router.js';
import { signToken } from './session.js';

async function readJson(req, limit) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return { error: 'body too large' };
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? { value } : { error: 'expected a JSON object' };
  } catch {
    return { error: 'invalid JSON' };
  }
}

/** The notes API: POST /api/login, then GET/POST /api/notes and GET /api/me with the session. */
export function createApp({ config, users, now = () => Date.now() }) {
  const notes = new Map();
  const loginRateLimit = rateLimit(config.rateLimit);

  const publicRoutes = createRouter();
  publicRoutes.use(securityHeaders);
  publicRoutes.get('/health', (_req, res) => send(res, 200, { status: 'ok' }));
  publicRoutes.post('/api/login', loginRateLimit, async (req, res) => {
    const body = await readJson(req, config.bodyLimitBytes);
    if (body.error) return send(res, 400, { error: body.error });
    const { email, password } = body.value;
    if (typeof email !== 'string' || typeof password !== 'string') {
      return send(res, 400, { error: 'email and password are required' });
    }
    const user = await users.authenticate(email, password);
    if (!user) return send(res, 401, { error: 'wrong email or password' });
    const { ttlSeconds, cookieSecure } = config.session;
    const token = signToken({ sub: user.email }, config.sessionSecret, ttlSeconds, now());
    const cookie = `session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ttlSeconds}`;
    send(res, 200, { token, expires_in: ttlSeconds }, { 'Set-Cookie': cookieSecure ? `${cookie}; Secure` : cookie });
  });

  const api = createRouter();
  api.use(securityHeaders);
  api.use(requireAuth);
  api.get('/api/me', (req, res) => send(res, 200, { email: req.user.email }));
  api.get('/api/notes', (req, res) => send(res, 200, { notes: notes.get(req.user.email) ?? [] }));
  api.post('/api/notes', async (req, res) => {
    const body = await readJson(req, config.bodyLimitBytes);
    const text = body.value?.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > 1000) {
      return send(res, 400, { error: body.error ?? 'text must be 1 to 1000 characters' });
    }
    const list = notes.get(req.user.email) ?? [];
    list.push({ id: list.length + 1, text });
    notes.set(req.user.email, list);
    send(res, 201, list[list.length - 1]);
  });

  return async function handle(req, res) {
    req.ctx = { config, now };
    try {
      if (await publicRoutes.handle(req, res)) return;
      if (await api.handle(req, res)) return;
      securityHeaders(req, res, () => send(res, 404, { error: 'not found' }));
    } catch {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  };
}
