DELETE FROM role_permissions WHERE permission = 'webhooks:manage';
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
