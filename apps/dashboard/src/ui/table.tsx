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

/** A table of `rows`, one `<tr>` each with the cells `cells(row)` returns; `wrap` scrolls it inside `.table-wrap`. */
export function DataTable<T>(props: {
  label: string;
  columns: readonly Column[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  cells: (row: T) => ReactNode;
  wrap?: boolean;
}) {
  const table = (
    <table aria-label={props.label}>
      <TableHead columns={props.columns} />
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)}>{props.cells(row)}</tr>
        ))}
      </tbody>
    </table>
  );
  return props.wrap ? <div className="table-wrap">{table}</div> : table;
}
