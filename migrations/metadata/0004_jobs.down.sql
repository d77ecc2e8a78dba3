DROP TABLE jobs_meta;
