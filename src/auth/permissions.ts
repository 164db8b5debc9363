/**
 * What each role and key scope may do. Routes name one permission in their guard; this table is the only place that
 * maps identities to permissions (api.md, "Identities").
 */
export type Permission =
  | 'workspace:read'
  | 'members:read'
  | 'members:manage'
  | 'keys:manage'
  | 'settings:read'
  | 'settings:write'
  | 'models:read'
  | 'models:write'
  | 'controls:status'
  | 'assertions:write'
  | 'findings:write'
  | 'results:submit'
  | 'audit:read';

export type Role = 'owner' | 'admin' | 'member' | 'auditor';
export type KeyScope = 'developer' | 'verifier';

const READ: Permission[] = ['workspace:read', 'members:read', 'models:read'];
const DEVELOPER: Permission[] = ['models:read', 'controls:status', 'assertions:write', 'findings:write'];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set<Permission>([
    ...READ,
    ...DEVELOPER,
    'members:manage',
    'keys:manage',
    'settings:read',
    'settings:write',
    'models:write',
    'audit:read',
  ]),
  admin: new Set<Permission>([
    ...READ,
    ...DEVELOPER,
    'members:manage',
    'keys:manage',
    'settings:read',
    'settings:write',
    'models:write',
    'audit:read',
  ]),
  member: new Set<Permission>([...READ, ...DEVELOPER, 'settings:read', 'models:write']),
  auditor: new Set<Permission>([...READ, 'audit:read']),
};

export const scopePermissions: Record<KeyScope, ReadonlySet<Permission>> = {
  developer: new Set<Permission>(DEVELOPER),
  verifier: new Set<Permission>(['models:read', 'results:submit']),
};
