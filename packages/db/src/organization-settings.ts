// Organisation settings (metadata table organization_settings): one typed column per setting, NULL meaning "the
// server default from the environment". The API (orgs.settings.get/update) and the worker (retention) read them
// here, so both see the same effective value. A setting added later: a column in its own migration, a line in
// SETTING_COLUMNS and in OrganizationSettings.
import type { Kysely } from 'kysely';
import type { DB } from './types.js';

export interface OrganizationSettings {
  /** Days job events are kept (then deleted in batches by the retention job). */
  jobEventsRetentionDays: number | null;
  /** Days engine and task logs are kept (objects and their rows). */
  logsRetentionDays: number | null;
  /** Days bucket objects that no row refers to (scratch: uploads of attempts never recorded, leftovers) are kept. */
  scratchRetentionDays: number | null;
  /** Days a stored docking result may be reused by a later job (0: never reuse). */
  cacheTtlDays: number | null;
  /** The lowest confidence (0..1) a stored result needs to be reused. */
  cacheMinConfidence: number | null;
}

/** The server's defaults: what a NULL setting means. */
export type OrganizationSettingDefaults = { [K in keyof OrganizationSettings]: NonNullable<OrganizationSettings[K]> };

/** The server defaults when the process was given none (tests, tools): the values README documents. */
export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettingDefaults = {
  jobEventsRetentionDays: 365,
  logsRetentionDays: 90,
  scratchRetentionDays: 7,
  cacheTtlDays: 30,
  cacheMinConfidence: 0,
};

const SETTING_COLUMNS = {
  jobEventsRetentionDays: 'job_events_retention_days',
  logsRetentionDays: 'logs_retention_days',
  scratchRetentionDays: 'scratch_retention_days',
  cacheTtlDays: 'cache_ttl_days',
  cacheMinConfidence: 'cache_min_confidence',
} as const satisfies Record<keyof OrganizationSettings, keyof DB['organization_settings']>;

const SETTING_NAMES = Object.keys(SETTING_COLUMNS) as (keyof OrganizationSettings)[];

const unset = (): OrganizationSettings =>
  Object.fromEntries(SETTING_NAMES.map((name) => [name, null])) as unknown as OrganizationSettings;

/** The organisation's stored settings (all NULL when it never changed one). */
export async function readOrganizationSettings(db: Kysely<DB>, orgId: string): Promise<OrganizationSettings> {
  const row = await db.selectFrom('organization_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  const settings = unset();
  if (row) for (const name of SETTING_NAMES) settings[name] = row[SETTING_COLUMNS[name]];
  return settings;
}

/** Writes the given settings (null: back to the server default); the others stay as they are. */
export async function updateOrganizationSettings(
  db: Kysely<DB>,
  orgId: string,
  patch: Partial<OrganizationSettings>,
): Promise<OrganizationSettings> {
  const columns: Partial<Record<(typeof SETTING_COLUMNS)[keyof OrganizationSettings], number | null>> = {};
  for (const name of SETTING_NAMES) if (patch[name] !== undefined) columns[SETTING_COLUMNS[name]] = patch[name];
  if (Object.keys(columns).length > 0)
    await db
      .insertInto('organization_settings')
      .values({ org_id: orgId, ...columns })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(columns))
      .execute();
  return readOrganizationSettings(db, orgId);
}

/** Each setting's value in force: the organisation's own, or the server default. */
export function effectiveSettings(
  settings: OrganizationSettings,
  defaults: OrganizationSettingDefaults,
): OrganizationSettingDefaults {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => [name, settings[name] ?? defaults[name]]),
  ) as unknown as OrganizationSettingDefaults;
}
