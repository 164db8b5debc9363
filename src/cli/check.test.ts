import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAssertions } from './check.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('assay check: the assertions file', () => {
  it('numbers assertions without an id local_001, local_002, … in file order', async () => {
    const p = file(
      'ok.json',
      JSON.stringify([
        { type: 'file_exists', params: { file: 'a' } },
        { id: 'mine', type: 'file_exists', params: { file: 'b' }, description: 'b exists' },
        { type: 'not_a_type', params: {} },
      ]),
    );
    expect(await loadAssertions(p)).toEqual([
      { id: 'local_001', type: 'file_exists', params: { file: 'a' } },
      { id: 'mine', type: 'file_exists', params: { file: 'b' }, description: 'b exists' },
      { id: 'local_003', type: 'not_a_type', params: {} },
    ]);
  });

  it.each([
    ['missing.json', null, /^cannot read assertions file .*missing\.json: no such file$/],
    ['bad.json', '[{"type": ', /is not valid JSON: /],
    ['object.json', '{"type":"file_exists","params":{}}', /must contain a JSON array of assertions$/],
    ['entry.json', '[42]', /entry 1: expected an object/],
    ['type.json', '[{"params":{}}]', /entry 1: "type" must be a string$/],
    ['params.json', '[{"type":"file_exists","params":[]}]', /entry 1: "params" must be an object$/],
    ['id.json', '[{"id":7,"type":"file_exists","params":{}}]', /entry 1: "id" must be a non-empty string$/],
    [
      'dup.json',
      '[{"id":"a","type":"x","params":{}},{"id":"a","type":"x","params":{}}]',
      /entry 2: id a is used twice$/,
    ],
  ])('refuses %s with one line saying what is wrong', async (name, text, message) => {
    const p = text === null ? path.join(dir, name) : file(name, text);
    const error = await loadAssertions(p).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.constructor.name).toBe('UsageError');
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
  });
});
