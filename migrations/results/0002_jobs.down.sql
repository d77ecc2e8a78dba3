DROP TABLE __ORG_SCHEMA__.job_events;
DROP FUNCTION __ORG_SCHEMA__.job_events_append_only();
DROP TABLE __ORG_SCHEMA__.job_outputs;
DROP TABLE __ORG_SCHEMA__.docking_results;
DROP TABLE __ORG_SCHEMA__.task_executions;
DROP TABLE __ORG_SCHEMA__.job_inputs;
DROP TABLE __ORG_SCHEMA__.tasks;
DROP TABLE __ORG_SCHEMA__.jobs;
