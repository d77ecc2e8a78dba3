import { describe, expect, it } from 'vitest';
import { navFor } from './nav.js';
import type { Me } from './session.js';

const as = (...permissions: string[]) => ({ permissions }) as unknown as Pick<Me, 'permissions'>;

describe('the top bar', () => {
  it('lists Webhooks only for a role holding webhooks:manage', () => {
    const admin = navFor(as('jobs:read', 'members:manage', 'webhooks:manage')).map((item) => item.label);
    expect(admin).toEqual(['Jobs', 'Projects', 'Webhooks', 'Admin']);
    const scientist = navFor(as('molecules:read', 'jobs:read', 'jobs:write', 'agents:read')).map((item) => item.label);
    expect(scientist).toEqual(['Molecules', 'New job', 'Jobs', 'Projects', 'Agents']);
  });
});
