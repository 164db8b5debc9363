import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeyExists, configValueMatches } from './checkers.js';
import { configCheckers } from './index.js';
import { project } from './test-project.js';

describe('config checkers: files, params and caching', () => {
  it('is exported through the family index', () => {
    expect(configCheckers.config_key_exists).toBe(configKeyExists);
    expect(configCheckers.config_value_matches).toBe(configValueMatches);
  });

  it('fails on a missing file and on path escapes', async () => {
    const { root, ctx } = project({ 'a.yaml': 'a: 1\n' });
    expect(await configKeyExists({ file: 'missing.yaml', key: 'a' }, ctx)).toEqual({
      result: 'fail',
      details: 'missing.yaml does not exist',
    });
    for (const file of ['../a.yaml', '/etc/passwd.yaml', 'sub/../../a.yaml']) {
      const r = await configKeyExists({ file, key: 'a' }, ctx);
      expect(r.result).toBe('fail');
      expect(r.details).toContain('path escapes project root');
    }
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'assay-out-'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'a: 1\n');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'link.yaml'));
    const linked = await configValueMatches({ file: 'link.yaml', key: 'a', operator: 'eq', value: 1 }, ctx);
    expect(linked).toEqual({ result: 'fail', details: 'link.yaml: path escapes project root' });
    const unsupported = await configKeyExists({ file: '../nginx.conf', key: 'a' }, ctx);
    expect(unsupported.details).toContain('path escapes project root');
  });

  it('skips a format it does not support, but only for a file that exists', async () => {
    const { ctx } = project({ 'nginx.conf': 'server { listen 443; }\n' });
    expect(await configKeyExists({ file: 'nginx.conf', key: 'server' }, ctx)).toEqual({
      result: 'skipped',
      details: 'nginx.conf: config format not supported (by file name or extension)',
    });
    expect((await configKeyExists({ file: 'other.conf', key: 'server' }, ctx)).result).toBe('fail');
  });

  it('answers error for bad key syntax and bad params, before reading the file', async () => {
    const { ctx } = project({ 'a.yaml': 'a: 1\n' });
    const bad = await configKeyExists({ file: 'a.yaml', key: 'a..b' }, ctx);
    expect(bad).toEqual({ result: 'error', details: 'invalid key "a..b": empty segment at character 3' });
    const badValue = await configValueMatches({ file: 'a.yaml', key: 'a[', operator: 'eq', value: 1 }, ctx);
    expect(badValue.result).toBe('error');
    expect(badValue.details).toContain('invalid key "a["');
    const op = await configValueMatches({ file: 'a.yaml', key: 'a', operator: 'like' as 'eq', value: 1 }, ctx);
    expect(op).toEqual({ result: 'error', details: 'unknown operator "like"' });
    const value = await configValueMatches(
      { file: 'a.yaml', key: 'a', operator: 'eq', value: [1] as unknown as string },
      ctx,
    );
    expect(value.result).toBe('error');
    const missingKey = await configKeyExists({ file: 'a.yaml' } as { file: string; key: string }, ctx);
    expect(missingKey.result).toBe('error');
    expect(ctx.files.stats.reads).toBe(0);
  });

  it('parses each file once per run however many checks read it', async () => {
    const { ctx } = project({ 'app.yaml': 'a: 1\nb: {c: 2}\n', '.env': 'X=1\n' });
    for (let i = 0; i < 20; i++) {
      expect((await configKeyExists({ file: 'app.yaml', key: 'b.c' }, ctx)).result).toBe('pass');
      expect((await configValueMatches({ file: './app.yaml', key: 'a', operator: 'lt', value: 2 }, ctx)).result).toBe(
        'pass',
      );
      expect((await configKeyExists({ file: '.env', key: 'X' }, ctx)).result).toBe('pass');
    }
    expect(ctx.files.stats.parses).toBe(2);
    expect(ctx.files.stats.reads).toBe(2);
  });

  it('gives the same parse error to every check on a broken file', async () => {
    const { ctx } = project({ 'bad.json': '{\n  "a": [1, 2\n}\n' });
    const first = await configKeyExists({ file: 'bad.json', key: 'a' }, ctx);
    const second = await configValueMatches({ file: 'bad.json', key: 'a', operator: 'eq', value: 1 }, ctx);
    expect(first.result).toBe('error');
    expect(first.details).toMatch(/^bad\.json:3: JSON parse error: /);
    expect(second).toEqual(first);
  });

  it('refuses binary files', async () => {
    const { ctx } = project({ 'a.json': '{"a": "\u0000"}' });
    const r = await configKeyExists({ file: 'a.json', key: 'a' }, ctx);
    expect(r).toEqual({ result: 'fail', details: 'a.json is a binary file' });
  });
});
