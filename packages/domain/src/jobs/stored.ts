// The JSONB and text columns of a job row, parsed with their schemas when read (never cast): a row that does not
// match is a bug to see at once, not a shape to assume.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { JobsTable } from '@mad/db';
import { BindingBox } from '@mad/protocol';
import { BindingSite, CacheReuse, PipelineId, StoredJobParams } from './schemas.js';
import { Toolchain } from './signature.js';

const Warnings = z.array(z.string());

/** The job row with its columns parsed: pipeline, binding site, box, parameters, warnings, cache reuse, toolchain. */
export function parseJobRow(row: Selectable<JobsTable>) {
  return {
    ...row,
    pipeline: PipelineId.parse(row.pipeline),
    binding_site: BindingSite.parse(row.binding_site),
    box: BindingBox.parse(row.box),
    params: StoredJobParams.parse(row.params),
    warnings: Warnings.parse(row.warnings),
    cache_reuse: row.cache_reuse === null ? null : CacheReuse.parse(row.cache_reuse),
    toolchain: row.toolchain === null ? null : Toolchain.parse(row.toolchain),
  };
}
export type JobRow = ReturnType<typeof parseJobRow>;

/** A ligand's notes (job_inputs.notes, JSONB). */
export const parseNotes = (notes: unknown): string[] => Warnings.parse(notes);
