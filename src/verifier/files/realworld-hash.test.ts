import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fileHash } from './file-hash.js';
import { Project } from './test-fixture.js';

/** A vendored script pinned by Subresource Integrity: the page holds the digest in base64, not in hex. */
const SCRIPT = '/*! vendored lib v3.7.1 */\nwindow.lib = function () { return 42; };\n';
const digest = (algorithm: string) => createHash(algorithm).update(SCRIPT).digest();

let project: Project | undefined;
afterEach(() => project?.remove());

describe('file_hash pinned in base64', () => {
  it.each(['sha384', 'sha256', 'sha512'] as const)(
    'finds an SRI integrity attribute holding the %s digest',
    async (algorithm) => {
      const sri = `${algorithm}-${digest(algorithm).toString('base64')}`;
      project = new Project()
        .write('static/vendor/lib.min.js', SCRIPT)
        .write(
          'templates/base.html',
          `<html>\n<head>\n<script src="/static/vendor/lib.min.js" integrity="${sri}" crossorigin="anonymous"></script>\n`,
        );
      const r = await fileHash(
        {
          file: 'static/vendor/lib.min.js',
          expected_hash: digest(algorithm).toString('hex'),
          pinned_in: 'templates/base.html',
          algorithm,
        },
        project.ctx(),
      );
      expect(r.result, r.details).toBe('pass');
      expect(r.evidence).toEqual({ file: 'templates/base.html', line: 3, end_line: 3 });
    },
  );

  it('does not take a longer base64 run, or another digest, for the pin', async () => {
    const b64 = digest('sha384').toString('base64');
    project = new Project()
      .write('lib.js', SCRIPT)
      .write(
        'a.html',
        `<script integrity="sha384-X${b64}"></script>\n<script integrity="sha384-${digest('sha512').toString('base64').slice(0, 64)}"></script>\n`,
      );
    const r = await fileHash(
      { file: 'lib.js', expected_hash: digest('sha384').toString('hex'), pinned_in: 'a.html', algorithm: 'sha384' },
      project.ctx(),
    );
    expect(r.result).toBe('fail');
    expect(r.details).toContain('does not contain the expected hash');
  });
});
