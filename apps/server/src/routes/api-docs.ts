// GET /api/docs: the interactive API reference (Swagger UI, served from the swagger-ui-dist package: no CDN, no
// inline script) of the document GET /api/v1/openapi.json serves. "Authorize" takes an API token (the document's
// bearer scheme) and "Try it out" sends real requests with it.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';

export const API_DOCS_PATH = '/api/docs';
const OPENAPI_PATH = '/api/v1/openapi.json';
const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Molecular Analysis Dashboard: REST API reference</title>
<link rel="stylesheet" href="${API_DOCS_PATH}/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="${API_DOCS_PATH}/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${API_DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="${API_DOCS_PATH}/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  validatorUrl: 'none',
});
`;

export function apiDocsRouter(): Router {
  const router = Router();
  router.get(API_DOCS_PATH, (_req, res) => {
    res.type('html').send(page);
  });
  router.get(`${API_DOCS_PATH}/init.js`, (_req, res) => {
    res.type('application/javascript').send(init);
  });
  router.use(`${API_DOCS_PATH}/assets`, express.static(assets, { index: false, fallthrough: false, maxAge: '1h' }));
  return router;
}
