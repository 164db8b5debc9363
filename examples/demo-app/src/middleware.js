import { send } from './router.js';
import { verifyToken } from './session.js';

/** Security headers on every response. (No Content-Security-Policy yet: see the README.) */
export function securityHeaders(_req, res, next) {
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

function tokenOf(req) {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith('session='));
  return cookie?.slice('session='.length);
}

/** Lets a request through only with a valid, unexpired session token (bearer or cookie); 401 otherwise. */
export function requireAuth(req, res, next) {
  const { config, now } = req.ctx;
  const claims = verifyToken(tokenOf(req), config.sessionSecret, now());
  if (!claims) return send(res, 401, { error: 'authentication required' }, { 'WWW-Authenticate': 'Bearer' });
  req.user = { email: claims.sub };
  next();
}

/** A fixed-window limiter per client address: at most `max` requests per `windowSeconds`, then 429. */
export function rateLimit({ windowSeconds, max }) {
  const windows = new Map();
  return function limitRequests(req, res, next) {
    const now = req.ctx.now();
    const key = req.socket.remoteAddress ?? 'unknown';
    let window = windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > max) {
      const retryAfter = Math.ceil((window.resetAt - now) / 1000);
      return send(res, 429, { error: 'too many attempts' }, { 'Retry-After': String(retryAfter) });
    }
    next();
  };
}
