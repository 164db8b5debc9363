import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { connect } from '../remote.js';

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
