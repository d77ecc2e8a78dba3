import { orgProcedure } from '../../trpc.js';
import { AppError, apiError } from '../../errors.js';
import { smilesEntries } from '@mad/chem';
import { UploadJsonInput, UploadResult } from '@mad/domain';
import { DEFAULT_UPLOAD_LIMITS, importMolecules, type UploadLimits, type UploadRequest } from '@mad/domain';
import { storageOf } from '@mad/domain';

/** The JSON upload (tRPC, and REST with Content-Type: application/json) as the request importMolecules takes. */
export function uploadRequestOf(input: UploadJsonInput, limits: UploadLimits): UploadRequest {
  const smiles = input.smiles === undefined ? undefined : smilesOf(input.smiles);
  const files = (input.files ?? []).map((file) => {
    const bytes = Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
    if (bytes.length > limits.maxBytes)
      throw apiError(
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

// The REST form of upload is the multipart route in apps/server (POST /api/v1/molecules/upload), which calls the
// same importMolecules; this procedure serves the dashboard (files as text or base64, pasted SMILES).
export const upload = orgProcedure
  .meta({ access: 'molecules:write' })
  .input(UploadJsonInput)
  .output(UploadResult)
  .mutation(async ({ ctx, input }) => {
    const limits = ctx.uploadLimits ?? DEFAULT_UPLOAD_LIMITS;
    const result = await importMolecules(
      { db: ctx.db, storage: storageOf(ctx) },
      ctx.principal,
      uploadRequestOf(input, limits),
      limits,
    );
    if (result.molecules.length === 0) {
      throw apiError(
        'UNPROCESSABLE_CONTENT',
        `nothing was stored: ${result.errors
          .slice(0, 3)
          .map((e) => `${e.file ?? 'SMILES'} record ${e.record}: ${e.reason}`)
          .join('; ')}`,
        result,
      );
    }
    return result;
  });
