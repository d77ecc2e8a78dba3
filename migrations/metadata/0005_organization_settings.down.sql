DELETE FROM role_permissions WHERE permission = 'settings:manage';
DROP TABLE organization_settings;
