// One object-key layout for the whole bucket: everything an organisation owns lives under orgs/<orgId>/, so a
// bucket policy, a lifecycle rule or a per-org export can address it by prefix.
//   orgs/<orgId>/molecules/<sha256>/<name>   one molecule record's original bytes (content-addressed)
//   orgs/<orgId>/uploads/<sha256>/<name>     a whole multi-record upload file, kept as sent
//   orgs/<orgId>/jobs/<jobId>/<part>/...     a job's inputs, outputs and logs (written by the jobs code)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 120;

/**
 * The last path component of a client-supplied name, reduced to [A-Za-z0-9._-], never "." or "..", at most 120
 * characters. Keys never contain what a client typed verbatim.
 */
export function safeObjectName(name: string, fallback = 'file'): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-MAX_NAME_LENGTH);
  return cleaned.length > 0 ? cleaned : fallback;
}

function requireId(value: string, what: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new Error(`invalid ${what} for an object key: ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

export function orgPrefix(orgId: string): string {
  return `orgs/${requireId(orgId, 'organisation id', UUID)}/`;
}

export function moleculeObjectKey(orgId: string, sha256: string, fileName: string): string {
  return `${orgPrefix(orgId)}molecules/${requireId(sha256, 'sha256', SHA256)}/${safeObjectName(fileName)}`;
}

export function uploadObjectKey(orgId: string, sha256: string, fileName: string): string {
  return `${orgPrefix(orgId)}uploads/${requireId(sha256, 'sha256', SHA256)}/${safeObjectName(fileName)}`;
}

/** A job's object: jobObjectKey(org, job, 'outputs', 'task-3', 'poses.sdf') → orgs/<org>/jobs/<job>/outputs/task-3/poses.sdf */
export function jobObjectKey(orgId: string, jobId: string, ...parts: string[]): string {
  if (parts.length === 0) throw new Error('jobObjectKey needs at least one path part');
  return `${jobObjectPrefix(orgId, jobId)}${parts.map((part) => safeObjectName(part, 'part')).join('/')}`;
}

/** Everything of one job: orgs/<org>/jobs/<job>/ (deleting a job removes this prefix). */
export function jobObjectPrefix(orgId: string, jobId: string): string {
  return `${orgPrefix(orgId)}jobs/${requireId(jobId, 'job id', UUID)}/`;
}

/** Whether a key belongs to the organisation (a cheap guard before presigning a key read from a row). */
export function keyBelongsToOrg(key: string, orgId: string): boolean {
  return UUID.test(orgId) && key.startsWith(orgPrefix(orgId));
}
