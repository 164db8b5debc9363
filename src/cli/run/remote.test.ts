import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { cleartextWarning, connect } from '../remote.js';

describe('connect (the --url and credential of run, report and list)', () => {
  it('keeps a path prefix and drops trailing slashes', () => {
    expect(connect({ url: 'https://assay.example.com/base/' }, { ASSAY_API_KEY: 'mv_x' }).url).toBe(
      'https://assay.example.com/base',
    );
  });

  it.each([
    ['not a URL', 'assay.example.com', /--url must be an http\(s\) URL/],
    ['another scheme', 'ftp://assay.example.com', /--url must be an http\(s\) URL/],
    ['credentials in the URL', 'https://user:pw@assay.example.com', /must not contain credentials/],
    ['a query', 'https://assay.example.com/?x=1', /must not contain a query/],
  ])('refuses %s with a UsageError, before any credential is looked at', (_what, url, message) => {
    const call = () => connect({ url }, {});
    expect(call).toThrow(UsageError);
    expect(call).toThrow(message);
  });
});

describe('cleartextWarning', () => {
  it('warns for plain http to another machine, not for https or this machine', () => {
    expect(connect({ url: 'http://assay.internal:3000' }, { ASSAY_API_KEY: 'mv_x' }).warning).toMatch(
      /plain http to assay\.internal: the credential and any OIDC token travel unencrypted/,
    );
    for (const url of [
      'https://assay.example.com',
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://[::1]:3000',
    ]) {
      expect(cleartextWarning(url), url).toBeUndefined();
    }
  });
});
