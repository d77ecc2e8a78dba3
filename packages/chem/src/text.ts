// Turning uploaded bytes into text we can trust: no binary, valid UTF-8, one line-ending convention.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- same
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f]/;
const CONTROL_OR_LINE_BREAK_ALL = new RegExp(CONTROL_OR_LINE_BREAK.source, 'g');

export type TextResult = { ok: true; text: string } | { ok: false; reason: string };

/** Structure files are text: refuse NUL bytes, invalid UTF-8 and control characters, and say which line. */
export function decodeStructureText(bytes: Uint8Array): TextResult {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      reason: 'binary content: the file is not UTF-8 text (a structure file is text: PDB, PDBQT, SDF, MOL2 or SMILES)',
    };
  }
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const found = CONTROL.exec(lines[i] ?? '');
    if (found) {
      const code = found[0].charCodeAt(0).toString(16).padStart(2, '0');
      return { ok: false, reason: `binary content: control character 0x${code} on line ${i + 1}` };
    }
  }
  if (text.trim().length === 0) return { ok: false, reason: 'the file contains only whitespace' };
  return { ok: true, text: lines.join('\n') };
}

/** Why a client-supplied file name is refused, or null when it is acceptable. */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'the file has no name';
  if (name.length > 255) return 'the file name is longer than 255 characters';
  if (CONTROL_OR_LINE_BREAK.test(name)) return 'the file name contains control characters';
  if (/[\\/]/.test(name)) return 'the file name contains a path separator ("/" or "\\"); send the bare file name';
  if (name === '.' || name === '..') return 'the file name is a directory reference';
  return null;
}

/** A display name: printable, trimmed, at most 200 characters; null when nothing remains. */
export function cleanDisplayName(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const cleaned = raw.replace(CONTROL_OR_LINE_BREAK_ALL, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return cleaned.length > 0 ? cleaned : null;
}

export function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}
