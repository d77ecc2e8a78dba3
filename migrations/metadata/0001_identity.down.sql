DROP TABLE tokens;
DROP TABLE membership_roles;
DROP TABLE memberships;
DROP TABLE role_permissions;
DROP TABLE roles;
DROP TABLE users;
DROP TABLE organizations;
DROP FUNCTION set_updated_at();
