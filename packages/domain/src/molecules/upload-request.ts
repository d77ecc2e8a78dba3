// The JSON form of an upload (tRPC, and REST with Content-Type: application/json) as the request importMolecules
// takes: files decoded, pasted SMILES read line by line. Nothing the caller sent is dropped.
import { smilesEntries } from '@mad/chem';
import { AppError } from '../errors.js';
import type { UploadLimits, UploadRequest } from './import.js';
import type { UploadJsonInput } from './schemas.js';

/** The JSON upload (tRPC, and REST with Content-Type: application/json) as the request importMolecules takes. */
export function uploadRequestOf(input: UploadJsonInput, limits: UploadLimits): UploadRequest {
  const smiles = input.smiles === undefined ? undefined : smilesOf(input.smiles);
  const files = (input.files ?? []).map((file) => {
    const bytes = Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
    if (bytes.length > limits.maxBytes)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `file "${file.name}" is ${bytes.length} bytes; the limit is ${limits.maxBytes} (UPLOAD_MAX_BYTES)`,
      );
    return { name: file.name, bytes };
  });
  return { kind: input.kind, allOrNothing: input.allOrNothing, files, ...(smiles ? { smiles } : {}) };
}

/**
 * The SMILES of a JSON upload. A string reads as a .smi file (one "SMILES name" per line); an array holds one entry
 * per SMILES, a string entry with an optional name after the SMILES. Nothing is dropped: an entry of several lines,
 * or text with no SMILES, is a 400.
 */
export function smilesOf(smiles: NonNullable<UploadJsonInput['smiles']>): { smiles: string; name?: string | null }[] {
  if (typeof smiles === 'string') {
    const entries = smilesEntries(smiles);
    if (entries.length === 0)
      throw new AppError('BAD_REQUEST', 'smiles: no SMILES in the text (one "SMILES name" per line)', {
        field: ['smiles'],
      });
    return entries;
  }
  return smiles.map((entry, i) => {
    if (typeof entry !== 'string') return entry;
    const lines = smilesEntries(entry);
    if (lines.length !== 1)
      throw new AppError(
        'BAD_REQUEST',
        `smiles.${i} holds ${lines.length} SMILES; send one per entry (or all of them as one string, one per line)`,
        { field: ['smiles', i] },
      );
    return lines[0]!;
  });
}
