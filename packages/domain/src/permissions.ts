// What a procedure may require. Permissions are granted to roles as data (role_permissions); the two special rules
// cover procedures open to everyone (health-like facts) and to any signed-in member whatever the role.
export const PERMISSIONS = [
  'org:read',
  'molecules:read',
  'molecules:write',
  'jobs:read',
  'jobs:write',
  'agents:read',
  'members:manage',
  'tokens:manage',
  'providers:manage',
  'settings:manage',
  'operations:read',
  'webhooks:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export type AccessRule = 'public' | 'signed-in' | Permission;

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
