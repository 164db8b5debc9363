/**
 * The OIDC audiences a workspace may require. The `assay` CLI asks GitHub for a token with the workspace's audience
 * and sends it to the server; a token for another service's audience (`sts.amazonaws.com` …) could be used there
 * (e.g. to assume cloud roles that trust the repository), so both sides accept only Assay's own audiences: `assay`,
 * `assay` plus a suffix (`assay-prod`, `assay:ws_1`), or a URL (the CLI: only its server's own URL).
 */
export const ASSAY_AUDIENCE = /^assay([-_.:/][A-Za-z0-9._:/-]{1,190})?$/;

export function isAllowedAudienceSetting(audience: string): boolean {
  if (ASSAY_AUDIENCE.test(audience)) return true;
  try {
    const url = new URL(audience);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
