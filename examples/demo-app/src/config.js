import { readFileSync } from 'node:fs';

const defaults = JSON.parse(readFileSync(new URL('../config/default.json', import.meta.url), 'utf8'));

/**
 * The configuration: config/default.json plus the session secret, which only ever comes from the environment
 * (tests pass their own). Refuses to start without a strong one.
 */
export function loadConfig(sessionSecret = process.env.SESSION_SECRET) {
  if (typeof sessionSecret !== 'string' || sessionSecret.length < 32) {
    throw new Error('SESSION_SECRET must be set to at least 32 characters (e.g. `openssl rand -hex 32`)');
  }
  return { ...defaults, sessionSecret };
}
