// Text in requests: no control characters. Postgres cannot store NUL in text at all (a NUL in a name used to reach the
// database and answer 500 "invalid byte sequence"), and the other C0 controls and DEL have no place in names, ids,
// filters or cursors. Tab, line feed and carriage return stay allowed (pasted SMILES lists, file contents).
import { AppError, type FieldPath } from '@mad/domain/errors';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const codePoint = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A file's bytes sent as JSON text (`files[n].content` of an upload) are data, analysed and answered per file. */
const isFileContent = (path: FieldPath) => path.length === 3 && path[0] === 'files' && path[2] === 'content';

/** The first string (or object key) inside `value` holding a control character, with its path; null when none. */
export function controlCharacterIn(value: unknown): { field: FieldPath; character: string } | null {
  // Iterative: a deeply nested body must not overflow the stack.
  const pending: { value: unknown; path: FieldPath }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (isFileContent(path)) continue;
      const found = CONTROL.exec(current);
      if (found) return { field: path, character: found[0] };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) pending.push({ value: current[i], path: [...path, i] });
    } else if (current !== null && typeof current === 'object' && !(current instanceof Date)) {
      for (const [key, child] of Object.entries(current).reverse()) {
        const found = CONTROL.exec(key);
        if (found) return { field: [...path, key], character: found[0] };
        pending.push({ value: child, path: [...path, key] });
      }
    }
  }
  return null;
}

/** Throws the 400 naming the field when `value` holds a control character (`where` names a header or form field). */
export function refuseControlCharacters(value: unknown, where: FieldPath = []): void {
  const found = controlCharacterIn(value);
  if (!found) return;
  const field = [...where, ...found.field];
  const name = field.length > 0 ? field.join('.') : 'the input';
  throw new AppError(
    'BAD_REQUEST',
    `${name}: the control character ${codePoint(found.character)} is not allowed in text`,
    {
      field,
      problems: [
        {
          field: field.join('.'),
          reason: `the control character ${codePoint(found.character)} is not allowed in text`,
        },
      ],
    },
  );
}
