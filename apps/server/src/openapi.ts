// The OpenAPI document GET /api/v1/openapi.json serves: the one generated from the procedures' zod schemas, plus the
// express routes beside the REST bridge (described by hand), with job creation's 202. Built here once so that the
// server and the test that keeps project_design/API_CONTRACT.md true read the same document.
import { openApiDocument } from '@mad/api';
import { moleculesOpenApiPaths } from './routes/openapi-paths.js';
import { documentAcceptedJobCreation, jobLogsOpenApiPaths } from './routes/job-files.js';
import { resultsCsvOpenApiPath, resultsSdfOpenApiPath } from './routes/results-export.js';

export function servedOpenApiDocument(publicUrl: string): ReturnType<typeof openApiDocument> {
  const doc = openApiDocument(`${publicUrl}/api`);
  Object.assign((doc.paths ??= {}) as object, moleculesOpenApiPaths, jobLogsOpenApiPaths, {
    '/v1/jobs/{jobId}/results.csv': resultsCsvOpenApiPath,
    '/v1/jobs/{jobId}/results.sdf': resultsSdfOpenApiPath,
  });
  documentAcceptedJobCreation(doc);
  return doc;
}
