// The job timeline's list: events arrive pushed (newest), paged backwards (older) and again after a reconnect.

/** Both lists in id order, each event once (the later copy wins). */
export function mergeEvents<E extends { id: number }>(a: readonly E[], b: readonly E[]): E[] {
  const byId = new Map<number, E>();
  for (const event of [...a, ...b]) byId.set(event.id, event);
  return [...byId.values()].sort((x, y) => x.id - y.id);
}
