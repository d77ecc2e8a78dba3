// The pieces every table page repeats: the header row from a list of columns, and the destructive row action that
// asks before it acts.
import type { ReactNode } from 'react';

/** A column: its label, or `numeric` (right-aligned like its cells) / `actions` (a label only screen readers see).
 * `false` leaves a conditional column out. */
export type Column = string | { label: string; numeric?: boolean; actions?: boolean; width?: string } | false;

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          if (column === false) return null;
          const spec = typeof column === 'string' ? { label: column } : column;
          return (
            <th
              key={spec.label}
              scope="col"
              className={spec.numeric ? 'num' : undefined}
              style={spec.width ? { width: spec.width } : undefined}
            >
              {spec.actions ? <span className="visually-hidden">{spec.label}</span> : spec.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** A red button that runs `onConfirm` only once the user confirmed `question`. */
export function ConfirmButton({
  question,
  onConfirm,
  disabled,
  label,
  children,
}: {
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  label?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="danger"
      disabled={disabled}
      aria-label={label}
      onClick={() => confirm(question) && onConfirm()}
    >
      {children}
    </button>
  );
}
