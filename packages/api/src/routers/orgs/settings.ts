import { z } from 'zod';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@mad/db';
import { changeOrganizationSettings, clearOrganizationResultCache, organizationSettings } from '@mad/domain';
import { orgProcedure, router } from '../../trpc.js';
import type { Context } from '../../context.js';
import { refuseEmptyChanges } from '../../errors.js';

// One pair of procedures for every organisation setting (GUIDE: one table, one typed column per setting, NULL = the
// server default). A setting added later: a column (its own migration), a field here, a line in @mad/db.
const days = (what: string) =>
  z.number().int().min(1).max(36_500).nullable().describe(`${what}, in days; null: the server default`);

export const OrganizationSettingsFields = z.strictObject({
  jobEventsRetentionDays: days('How long job events are kept'),
  logsRetentionDays: days('How long engine and task logs are kept'),
  scratchRetentionDays: days('How long bucket objects that no row refers to (scratch) are kept'),
  cacheTtlDays: z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .nullable()
    .describe('How many days a docking result may be reused by a later job (0: never reuse); null: the server default'),
  cacheMinConfidence: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('The lowest confidence (0..1) a stored result needs to be reused; null: the server default'),
});

const EffectiveSettings = z.object({
  jobEventsRetentionDays: z.number().int(),
  logsRetentionDays: z.number().int(),
  scratchRetentionDays: z.number().int(),
  cacheTtlDays: z.number().int(),
  cacheMinConfidence: z.number(),
});

export const OrganizationSettingsOutput = z.object({
  settings: OrganizationSettingsFields.describe("The organisation's own values (null: not set)"),
  defaults: EffectiveSettings,
  effective: EffectiveSettings.describe('What applies: the own value, or the default'),
});

const defaultsOf = (ctx: Context) => ctx.settingDefaults ?? DEFAULT_ORGANIZATION_SETTINGS;

const get = orgProcedure
  .meta({
    access: 'org:read',
    openapi: {
      method: 'GET',
      path: '/v1/orgs/current/settings',
      tags: ['organisations'],
      protect: true,
      summary: "The organisation's settings (retention, result cache), the server defaults and what applies",
    },
  })
  .input(z.void())
  .output(OrganizationSettingsOutput)
  .query(({ ctx }) => organizationSettings(ctx.db, ctx.principal.org.id, defaultsOf(ctx)));

const update = orgProcedure
  .meta({
    access: 'settings:manage',
    example: { jobEventsRetentionDays: 30, cacheMinConfidence: 0.8, logsRetentionDays: null },
    openapi: {
      method: 'PATCH',
      path: '/v1/orgs/current/settings',
      tags: ['organisations'],
      protect: true,
      summary: 'Change some settings (null: back to the server default); the others stay',
    },
  })
  .input(OrganizationSettingsFields.partial())
  .output(OrganizationSettingsOutput)
  .mutation(async ({ ctx, input }) => {
    refuseEmptyChanges(input, OrganizationSettingsFields.shape);
    const principal = ctx.principal;
    const view = await changeOrganizationSettings(ctx.db, principal.org.id, input, defaultsOf(ctx));
    ctx.log.info({ org: principal.org.slug, by: principal.userId, changed: Object.keys(input) }, 'settings changed');
    return view;
  });

const clearCache = orgProcedure
  .meta({
    access: 'settings:manage',
    openapi: {
      method: 'DELETE',
      path: '/v1/orgs/current/cache',
      tags: ['organisations'],
      protect: true,
      summary: 'Forget every stored docking result of the organisation (the result cache); later jobs dock again',
    },
  })
  .input(z.void())
  .output(z.object({ resultsDeleted: z.number().int() }))
  .mutation(async ({ ctx }) => {
    const principal = ctx.principal;
    const resultsDeleted = await clearOrganizationResultCache(ctx.db, principal.org.resultsSchema);
    ctx.log.info({ org: principal.org.slug, by: principal.userId, resultsDeleted }, 'result cache cleared');
    return { resultsDeleted };
  });

export const settingsRouter = router({ get, update, clearCache });
