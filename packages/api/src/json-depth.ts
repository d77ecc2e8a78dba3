// How deep a request's JSON may nest. Code that walks a value recursively (JSON.stringify in tRPC's request adapter,
// which the REST bridge calls for every request, schema walkers, formatters) overflows the stack somewhere past a few
// thousand levels and answered 500; no request of this API nests beyond a dozen levels, so deeper is refused at once,
// before anything walks it.
import { AppError } from '@mad/domain/errors';

/** Levels of arrays and objects a request body or tRPC input may nest (the top-level object is level 1). */
export const MAX_INPUT_DEPTH = 64;

/** True when `value` nests arrays and objects more than `max` levels deep (iterative: any depth is safe to ask). */
export function nestsDeeperThan(value: unknown, max: number = MAX_INPUT_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object' || current instanceof Date) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** Throws the 400 that names the problem when `value` nests deeper than MAX_INPUT_DEPTH (`what`: "request body"). */
export function refuseDeepNesting(value: unknown, what = 'input'): void {
  if (!nestsDeeperThan(value)) return;
  throw new AppError(
    'BAD_REQUEST',
    `the ${what} nests arrays and objects deeper than ${MAX_INPUT_DEPTH} levels; no request of this API needs more`,
  );
}
