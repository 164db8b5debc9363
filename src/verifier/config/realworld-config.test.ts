import { describe, expect, it } from 'vitest';
import { keyExists, valueMatches } from './test-project.js';

/** Config files in the shapes real projects keep them, read with their own tools' semantics. */
describe('INI: configparser [DEFAULT] values reach every section', () => {
  const INI = `[DEFAULT]
ssl = true
timeout = 30

[server]
port = 8080
timeout = 60

[client]
`;
  it('finds a DEFAULT value under any section, where the section does not set it', async () => {
    const ssl = await valueMatches('config.ini', INI, 'server.ssl', 'eq', true);
    expect(ssl.result, ssl.details).toBe('pass');
    expect(ssl.details).toContain('config.ini:2');
    const client = await keyExists('alembic.ini', INI, 'client.timeout');
    expect(client.result, client.details).toBe('pass');
  });

  it('lets a section override its DEFAULT', async () => {
    const own = await valueMatches('config.ini', INI, 'server.timeout', 'eq', '60');
    expect(own.result, own.details).toBe('pass');
    const notDefault = await valueMatches('config.ini', INI, 'server.timeout', 'eq', '30');
    expect(notDefault.result).toBe('fail');
    const missing = await keyExists('config.ini', INI, 'server.workers');
    expect(missing.result).toBe('fail');
  });
});

describe('dotenv files named by convention', () => {
  it('reads .flaskenv as a dotenv file', async () => {
    const r = await valueMatches('.flaskenv', 'FLASK_APP=app.py\nFLASK_DEBUG=0\n', 'FLASK_DEBUG', 'eq', false);
    expect(r.result, r.details).toBe('pass');
  });
});
