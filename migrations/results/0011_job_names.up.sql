-- Job names and descriptions (issue 17 "Organising work", issue 18 jobs filters): what the submitter calls the job,
-- optional. The API trims the name and refuses control characters (packages/api text-input); the checks here hold the
-- stored bounds: a name 1–200 characters without line breaks, a description at most 2,000. The jobs list's `name`
-- filter is a case-insensitive substring match (ILIKE) over the organisation's jobs (thousands of rows, no index).
ALTER TABLE __ORG_SCHEMA__.jobs
  ADD COLUMN name text CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[\x01-\x1f\x7f]'),
  ADD COLUMN description text CHECK (length(description) <= 2000);
