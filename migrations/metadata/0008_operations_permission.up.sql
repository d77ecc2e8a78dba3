-- The Operations page (operations.overview, GET /api/v1/operations): the platform's golden signals, queues and fleet
-- from the server's own metrics, and the organisation's recent failures. An admin's; an operator who runs a
-- multi-tenant server and wants organisation admins not to see platform-wide traffic deletes these rows.
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'operations:read' FROM roles WHERE name = 'admin';
