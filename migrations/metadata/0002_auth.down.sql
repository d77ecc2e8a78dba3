DROP TABLE sessions;
DROP TABLE login_attempts;
DROP TABLE identities;
DROP TABLE identity_providers;
