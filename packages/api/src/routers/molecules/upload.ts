import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { UploadJsonInput, UploadResult, uploadRequestOf } from '@mad/domain';
import { DEFAULT_UPLOAD_LIMITS, importMolecules } from '@mad/domain';
import { storageOf } from '@mad/domain';

export { smilesOf, uploadRequestOf } from '@mad/domain';

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
