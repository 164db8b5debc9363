import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (body, secret) => createHmac('sha256', secret).update(body).digest('base64url');

/** A session token: base64url JSON claims with an `exp` (seconds), a dot, and their HMAC-SHA256. */
export function signToken(claims, secret, ttlSeconds, now = Date.now()) {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const body = Buffer.from(JSON.stringify({ ...claims, exp })).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The claims of a token whose signature is right and which has not expired; null otherwise. */
export function verifyToken(token, secret, now = Date.now()) {
  if (typeof token !== 'string') return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const got = Buffer.from(signature);
  const want = Buffer.from(mac(body, secret));
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  let claims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims?.exp !== 'number' || claims.exp * 1000 <= now) return null;
  return claims;
}
