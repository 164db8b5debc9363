import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from './columns.js';
import { workspaces } from './identity.js';

export const workspaceSettings = pgTable('workspace_settings', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  requireCiAttestation: boolean('require_ci_attestation').notNull().default(false),
  trustedOidcIssuers: jsonb('trusted_oidc_issuers').$type<string[]>().notNull().default([]),
  requiredOidcClaims: jsonb('required_oidc_claims').$type<Record<string, string>>().notNull().default({}),
  oidcAudience: text('oidc_audience').notNull().default('assay'),
  reviewAfterDays: integer('review_after_days').notNull().default(90),
  updatedAt: updatedAt(),
});

/** ECDSA P-256 public keys uploaded for CI signing; every key is kept forever (key history). */
export const signingKeys = pgTable('signing_keys', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  fingerprint: text('fingerprint').notNull(),
  publicKeyPem: text('public_key_pem').notNull(),
  createdAt: createdAt(),
  revokedAt: at('revoked_at'),
});

/** The instance's own notarization keys (public halves; the current private key lives in the data directory). */
export const instanceKeys = pgTable('instance_keys', {
  kid: text('kid').primaryKey(),
  publicKeyPem: text('public_key_pem').notNull(),
  createdAt: createdAt(),
  retiredAt: at('retired_at'),
});
