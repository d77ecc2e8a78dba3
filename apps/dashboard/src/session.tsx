// Who is signed in, in which organisation, and what they may do: every page asks `can(...)` before it shows an
// action, so a viewer never sees buttons the server would refuse.
import { createContext, useContext } from 'react';
import type { RouterOutputs } from './api-types.js';

export type Me = RouterOutputs['me']['get'];
export type Permission = Me['permissions'][number];

export const SessionContext = createContext<Me | null>(null);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside a signed-in page');
  return me;
}

export function useCan(): (permission: Permission) => boolean {
  const me = useSession();
  return (permission) => (me.permissions as readonly string[]).includes(permission);
}

export function signIn(returnTo = location.pathname + location.search) {
  location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}
