// An organisation's settings (organization_settings: one typed column per setting, NULL = the server default) as the
// settings procedures answer them, and the one action on them that is not a setting: clearing the result cache.
import {
  effectiveSettings,
  readOrganizationSettings,
  updateOrganizationSettings,
  type Database,
  type OrganizationSettingDefaults,
  type OrganizationSettings,
} from '@mad/db';
import { clearResultCache } from '../jobs/cache.js';

export interface OrganizationSettingsView {
  /** The organisation's own values (null: not set). */
  settings: OrganizationSettings;
  defaults: OrganizationSettingDefaults;
  /** What applies: the own value, or the default. */
  effective: OrganizationSettingDefaults;
}

export async function organizationSettings(
  db: Database,
  orgId: string,
  defaults: OrganizationSettingDefaults,
): Promise<OrganizationSettingsView> {
  const settings = await readOrganizationSettings(db, orgId);
  return { settings, defaults, effective: effectiveSettings(settings, defaults) };
}

/** Writes the settings given (null: back to the default), keeps the others, and answers the new view. */
export async function changeOrganizationSettings(
  db: Database,
  orgId: string,
  patch: Partial<OrganizationSettings>,
  defaults: OrganizationSettingDefaults,
): Promise<OrganizationSettingsView> {
  const settings = await updateOrganizationSettings(db, orgId, patch);
  return { settings, defaults, effective: effectiveSettings(settings, defaults) };
}

/** Forgets every stored docking result of the organisation (its result cache); answers how many were deleted. */
export function clearOrganizationResultCache(db: Database, resultsSchema: string): Promise<number> {
  return db.transaction().execute((trx) => clearResultCache(trx, resultsSchema));
}
