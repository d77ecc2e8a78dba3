ALTER TABLE __ORG_SCHEMA__.jobs
  DROP COLUMN description,
  DROP COLUMN name;
