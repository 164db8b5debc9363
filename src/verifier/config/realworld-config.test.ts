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

describe('php.ini: sections do not scope directive names', () => {
  const PHP_INI = `[PHP]
expose_php = Off
display_errors = Off

[Session]
session.cookie_secure = 1
session.cookie_httponly = On
session.use_strict_mode = 0
`;
  it.each(['php.ini', 'docker/php/php.ini', 'php.ini-production', 'public/.user.ini'])(
    'finds session.cookie_secure by its own name in %s',
    async (file) => {
      const r = await valueMatches(file, PHP_INI, 'session.cookie_secure', 'eq', true);
      expect(r.result, r.details).toBe('pass');
      expect(r.details).toContain(`${file}:6`);
      const strict = await valueMatches(file, PHP_INI, 'session.use_strict_mode', 'eq', true);
      expect(strict.result).toBe('fail');
      expect((await keyExists(file, PHP_INI, 'Session."session.cookie_httponly"')).result).toBe('pass');
    },
  );

  it('keeps sections scoping keys in other INI files', async () => {
    const r = await keyExists('app.ini', PHP_INI, 'session.cookie_secure');
    expect(r.result).toBe('fail');
  });
});

describe('docker-compose: environment as a list of KEY=value strings', () => {
  const COMPOSE = `services:
  web:
    image: acme/web:1.4
    environment:
      - DJANGO_DEBUG=false
      - SESSION_COOKIE_SECURE=True
      - ALLOWED_HOSTS=example.com,www.example.com
      - SECRET_KEY
    build:
      args:
        - NODE_ENV=production
`;
  it('finds each KEY=value item by its key, as Compose reads the list', async () => {
    const debug = await valueMatches(
      'docker-compose.yml',
      COMPOSE,
      'services.web.environment.DJANGO_DEBUG',
      'eq',
      false,
    );
    expect(debug.result, debug.details).toBe('pass');
    expect(debug.details).toContain('docker-compose.yml:5');
    const secure = await valueMatches(
      'compose.yaml',
      COMPOSE,
      'services.web.environment.SESSION_COOKIE_SECURE',
      'eq',
      true,
    );
    expect(secure.result, secure.details).toBe('pass');
    const hosts = await valueMatches(
      'compose.yaml',
      COMPOSE,
      'services.web.environment.ALLOWED_HOSTS',
      'matches',
      '^example\\.com,',
    );
    expect(hosts.result, hosts.details).toBe('pass');
    const arg = await valueMatches('compose.yaml', COMPOSE, 'services.web.build.args.NODE_ENV', 'eq', 'production');
    expect(arg.result, arg.details).toBe('pass');
  });

  it('does not invent values: a bare KEY, a prefix or a missing key is not found', async () => {
    expect((await keyExists('compose.yaml', COMPOSE, 'services.web.environment.SECRET_KEY')).result).toBe('fail');
    expect((await keyExists('compose.yaml', COMPOSE, 'services.web.environment.DJANGO')).result).toBe('fail');
    expect((await keyExists('compose.yaml', COMPOSE, 'services.web.environment.NODE_ENV')).result).toBe('fail');
  });
});

describe('Kubernetes: env as a list of { name, value } items', () => {
  const DEPLOY = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: NODE_ENV
              value: production
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
`;
  it('finds an env var by name, and its value', async () => {
    const r = await valueMatches(
      'k8s/deploy.yaml',
      DEPLOY,
      'spec.template.spec.containers[0].env.NODE_ENV',
      'eq',
      'production',
    );
    expect(r.result, r.details).toBe('pass');
    expect(r.details).toContain('k8s/deploy.yaml:10');
    const ref = await keyExists(
      'k8s/deploy.yaml',
      DEPLOY,
      'spec.template.spec.containers[0].env.DB_PASSWORD.valueFrom.secretKeyRef',
    );
    expect(ref.result, ref.details).toBe('pass');
    expect((await keyExists('k8s/deploy.yaml', DEPLOY, 'spec.template.spec.containers[0].env.DEBUG')).result).toBe(
      'fail',
    );
  });
});
