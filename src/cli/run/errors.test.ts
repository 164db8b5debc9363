import { describe, expect, it } from 'vitest';
import { FailureError, UsageError } from '../errors.js';
import { detectCiEnvironment } from './ci-env.js';

describe('UsageError and FailureError', () => {
  it('are one line whatever the message quotes, so a value cannot start a workflow command', () => {
    for (const E of [UsageError, FailureError]) {
      const e = new E('--repo must look like "org/name", not "a\n::add-mask::x\r\n::stop-commands::t\u2028z"');
      expect(e.message).not.toMatch(/[\r\n\u2028]/);
      expect(e.message.split('\n')).toHaveLength(1);
    }
  });

  it('a --repo with a newline and a workflow command gives a one-line error', async () => {
    const error = await detectCiEnvironment({
      env: {},
      projectRoot: '.',
      repo: 'org/name\n::error::injected',
      oidcTokenEnv: 'ASSAY_OIDC_TOKEN',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
  });
});
