// The top bar's entries and who sees each: an entry needs one of its permissions (the server refuses the rest, so a
// role never sees a page it cannot use). No DOM here: unit-tested in Node (nav.test.ts).
import type { Me, Permission } from './session.js';

export interface NavItem {
  to: string;
  label: string;
  needs?: Permission | Permission[];
}

export const NAV: NavItem[] = [
  { to: '/molecules', label: 'Molecules', needs: 'molecules:read' },
  { to: '/jobs/new', label: 'New job', needs: 'jobs:write' },
  { to: '/jobs', label: 'Jobs', needs: 'jobs:read' },
  { to: '/projects', label: 'Projects', needs: 'jobs:read' },
  { to: '/agents', label: 'Agents', needs: 'agents:read' },
  { to: '/operations', label: 'Operations', needs: 'operations:read' },
  { to: '/webhooks', label: 'Webhooks', needs: 'webhooks:manage' },
  { to: '/admin', label: 'Admin', needs: ['members:manage', 'tokens:manage', 'providers:manage', 'settings:manage'] },
];

export function allowed(me: Pick<Me, 'permissions'>, needs: Permission | Permission[] | undefined): boolean {
  if (!needs) return true;
  const granted = me.permissions as readonly string[];
  return (Array.isArray(needs) ? needs : [needs]).some((permission) => granted.includes(permission));
}

/** The entries `me` sees, in order. */
export const navFor = (me: Pick<Me, 'permissions'>) => NAV.filter((item) => allowed(me, item.needs));
