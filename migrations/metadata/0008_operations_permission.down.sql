DELETE FROM role_permissions WHERE permission = 'operations:read';
