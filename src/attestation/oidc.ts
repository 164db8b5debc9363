import type { AppContext } from '../context.js';
import { unauthorized } from '../http/errors.js';

export interface OidcSettings {
  trustedOidcIssuers: string[];
  requiredOidcClaims: Record<string, string>;
  oidcAudience: string;
}

export async function verifyOidcToken(
  _ctx: AppContext,
  _token: string,
  _settings: OidcSettings,
  _workspaceId: string,
): Promise<Record<string, unknown>> {
  throw unauthorized('OIDC tokens are not verified yet.', 'invalid_oidc_token');
}
