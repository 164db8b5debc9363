// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell, YAML and Spring placeholders are the subject here
import { describe, expect, it } from 'vitest';
import { envVarReferenced } from './env-var-referenced.js';
import { project, run } from './testkit.js';

const env = (file: string, text: string, variable: string) => run('env_var_referenced', file, text, { variable });

describe('env_var_referenced: shell scripts', () => {
  const sh = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    '# uses $COMMENTED in a comment',
    'echo "connecting to ${DATABASE_URL:-postgres://localhost}"',
    "echo 'literal $SINGLE_QUOTED'",
    'echo \\$ESCAPED',
    'psql -U $PGUSER -c "select 1" # trailing $TRAILING',
    'len=${#API_TOKEN}',
    'cat <<EOF',
    'host: $HEREDOC_VAR',
    'EOF',
    "cat <<'EOF'",
    'quoted: $QUOTED_HEREDOC',
    'EOF',
    'url="x${NESTED:-$INNER}"',
    'files=$(ls "$SUB_DIR")',
    "echo $'ansi $ANSI'",
  ].join('\n');
  const cases: [string, boolean][] = [
    ['DATABASE_URL', true],
    ['PGUSER', true],
    ['API_TOKEN', true],
    ['HEREDOC_VAR', true],
    ['NESTED', true],
    ['INNER', true],
    ['SUB_DIR', true],
    ['COMMENTED', false],
    ['SINGLE_QUOTED', false],
    ['ESCAPED', false],
    ['TRAILING', false],
    ['QUOTED_HEREDOC', false],
    ['ANSI', false],
  ];
  for (const [name, found] of cases) {
    it(`${name} ${found ? 'is' : 'is not'} a reference`, async () => {
      const r = await env('scripts/deploy.sh', sh, name);
      expect(r.result, r.details).toBe(found ? 'pass' : 'fail');
      if (found) expect(r.details).toMatch(/scripts\/deploy\.sh:\d+ reads/);
    });
  }
  it('reports the line of the expansion', async () => {
    const r = await env('scripts/deploy.sh', sh, 'HEREDOC_VAR');
    expect(r.evidence).toEqual({ file: 'scripts/deploy.sh', line: 10, end_line: 10 });
  });
  it('an extensionless script is recognised by its shebang', async () => {
    const r = await env('bin/entrypoint', '#!/bin/sh\nexec app --port "$PORT"\n', 'PORT');
    expect(r.result).toBe('pass');
  });
  it('an extensionless file without a shebang is skipped', async () => {
    const r = await env('bin/notes', 'PORT is $PORT\n', 'PORT');
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
});

describe('env_var_referenced: Dockerfile', () => {
  const docker = [
    'FROM node:20',
    '# ARG $COMMENTED',
    'ARG BUILD_ONLY',
    'ENV NODE_ENV=production APP_HOME=/app',
    'ENV LEGACY_FORM value',
    'WORKDIR ${APP_HOME}',
    'RUN echo "$NPM_TOKEN" > .npmrc && \\',
    "    echo '$QUOTED'",
  ].join('\n');
  it('ENV declarations and $ references count; comments, quotes and ARG do not', async () => {
    expect((await env('Dockerfile', docker, 'NODE_ENV')).result).toBe('pass');
    expect((await env('Dockerfile', docker, 'LEGACY_FORM')).result).toBe('pass');
    const r = await env('Dockerfile', docker, 'NPM_TOKEN');
    expect(r.result).toBe('pass');
    expect(r.evidence?.line).toBe(7);
    expect((await env('docker/api.Dockerfile', docker, 'APP_HOME')).result).toBe('pass');
    expect((await env('Dockerfile', docker, 'COMMENTED')).result).toBe('fail');
    expect((await env('Dockerfile', docker, 'QUOTED')).result).toBe('fail');
    expect((await env('Dockerfile', docker, 'BUILD_ONLY')).result).toBe('fail');
  });
});

describe('env_var_referenced: compose and Kubernetes YAML', () => {
  const compose = [
    'services:',
    '  api:',
    '    image: api',
    '    environment:',
    '      - DATABASE_URL=postgres://db/app',
    '      - PASSTHROUGH',
    '    # - COMMENTED=1',
    '  worker:',
    '    environment:',
    '      REDIS_URL: redis://cache',
    '      SECRET: ${HOST_SECRET:-changeme}',
    '    command: echo "$$NOT_INTERPOLATED"',
    '    labels:',
    '      note: DATABASE_PASSWORD',
  ].join('\n');
  it('list and map forms of environment:, and interpolations', async () => {
    const r = await env('docker-compose.yml', compose, 'DATABASE_URL');
    expect(r.result).toBe('pass');
    expect(r.evidence?.line).toBe(5);
    expect((await env('docker-compose.yml', compose, 'PASSTHROUGH')).result).toBe('pass');
    expect((await env('docker-compose.yml', compose, 'REDIS_URL')).result).toBe('pass');
    expect((await env('docker-compose.yml', compose, 'HOST_SECRET')).result).toBe('pass');
  });
  it('comments, $$ escapes and unrelated strings do not count', async () => {
    expect((await env('docker-compose.yml', compose, 'COMMENTED')).result).toBe('fail');
    expect((await env('docker-compose.yml', compose, 'NOT_INTERPOLATED')).result).toBe('fail');
    expect((await env('docker-compose.yml', compose, 'DATABASE_PASSWORD')).result).toBe('fail');
  });

  const k8s = [
    'apiVersion: v1',
    'kind: ConfigMap',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          env:',
    '            - name: JWT_SECRET',
    '              valueFrom:',
    '                secretKeyRef: { name: jwt, key: secret }',
    '          args: ["--db", "$(DB_HOST)"]',
  ].join('\n');
  it('Kubernetes env: - name: entries in any document, and $(VAR) references', async () => {
    const r = await env('k8s/deploy.yaml', k8s, 'JWT_SECRET');
    expect(r.result).toBe('pass');
    expect(r.evidence?.line).toBe(12);
    expect((await env('k8s/deploy.yaml', k8s, 'DB_HOST')).result).toBe('pass');
    expect((await env('k8s/deploy.yaml', k8s, 'api')).result).toBe('fail');
    expect((await env('k8s/deploy.yaml', k8s, 'jwt')).result).toBe('fail');
  });
  it('invalid YAML is an error naming the line', async () => {
    const r = await env('bad.yml', 'a: [1, 2\nb: }\n', 'X');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/bad\.yml:\d+/);
  });
});

describe('env_var_referenced: other files', () => {
  it('a file that is neither code, script nor YAML is skipped', async () => {
    const r = await env('README.md', 'Set `process.env.PORT`', 'PORT');
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
  it('a missing file fails, in every file kind', async () => {
    const { ctx } = project({ 'a.py': 'import os' });
    for (const file of ['b.py', 'compose.yml', 'run.sh', 'Dockerfile', 'bin/start']) {
      const r = await envVarReferenced({ file, variable: 'X' }, ctx);
      expect(r.result, file).toBe('fail');
      expect(r.details).toContain('does not exist');
    }
  });
  it('a path escaping the root fails', async () => {
    const { ctx } = project({ 'a.py': 'import os' });
    const r = await envVarReferenced({ file: '../etc/passwd', variable: 'X' }, ctx);
    expect(r.result).toBe('fail');
    expect(r.details).toContain('path escapes project root');
  });
});
