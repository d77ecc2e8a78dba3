import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { UploadJsonInput, UploadResult } from '@mad/domain';
import { DEFAULT_UPLOAD_LIMITS, importMolecules, type UploadLimits, type UploadRequest } from '@mad/domain';
import { storageOf } from '@mad/domain';

/** The JSON upload (tRPC, and REST with Content-Type: application/json) as the request importMolecules takes. */
export function uploadRequestOf(input: UploadJsonInput, limits: UploadLimits): UploadRequest {
  const smiles =
    input.smiles === undefined
      ? undefined
      : (Array.isArray(input.smiles) ? input.smiles : [input.smiles]).map((e) =>
          typeof e === 'string' ? { smiles: e } : e,
        );
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
