DROP TABLE __ORG_SCHEMA__.org_settings;
