// Loading, empty and error states: one look everywhere, announced to screen readers.
import type { ReactNode } from 'react';
import { errorCode, retryAfterSeconds } from '../trpc.js';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" role="status">
      <strong>{title}</strong>
      {children && <div className="small">{children}</div>}
    </div>
  );
}

const TITLES: Record<string, string> = {
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  // A quota or the write rate limit: nothing was stored, and the message says which limit.
  TOO_MANY_REQUESTS: 'Over a limit of your organisation',
};

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const retryAfter = retryAfterSeconds(error);
  return (
    <div className="state error" role="alert">
      <strong>{TITLES[code ?? ''] ?? 'Something went wrong'}</strong>
      <div>{message}</div>
      {retryAfter !== null && <div data-testid="retry-after">Try again in {retryAfter} s.</div>}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders a query's loading or error state, the empty state when `isEmpty` says so, and otherwise the children. */
export function QueryView<T>({
  query,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={`Loading ${what}`} />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error ?? `no ${what}`} retry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty title={`No ${what} yet`} />}</>;
  return <>{children(query.data)}</>;
}

/** The errors of several mutations of one section, each in its own alert. */
export function ErrorList({ errors }: { errors: readonly unknown[] }) {
  return (
    <>
      {errors.filter(Boolean).map((error, i) => (
        <ErrorState key={i} error={error} />
      ))}
    </>
  );
}
