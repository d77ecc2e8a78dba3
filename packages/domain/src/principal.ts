import type { Permission } from './permissions.js';

/** Who is calling, in which organisation, with which permissions (from a session cookie or an API token). */
export interface Principal {
  userId: string;
  email: string;
  org: { id: string; slug: string; name: string; resultsSchema: string };
  role: string;
  permissions: ReadonlySet<Permission>;
  via: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };
}
