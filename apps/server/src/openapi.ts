// The OpenAPI document GET /api/v1/openapi.json serves: the one generated from the procedures' zod schemas, plus the
// express routes beside the REST bridge (described by hand), completed by the rules of
// completeOpenApiDocument (@mad/api) for every operation alike. Built here once so that the
// server and the test that keeps project_design/API_CONTRACT.md true read the same document.
import { completeOpenApiDocument, openApiDocument } from '@mad/api';
import { moleculesOpenApiPaths } from './routes/openapi-paths.js';
import { jobLogsOpenApiPaths } from './routes/job-files.js';
import { resultsCsvOpenApiPath, resultsSdfOpenApiPath, resultsZipOpenApiPath } from './routes/results-export.js';
import { jobEventsStreamContent } from './routes/job-events-stream.js';

export function servedOpenApiDocument(publicUrl: string): ReturnType<typeof openApiDocument> {
  const doc = openApiDocument(`${publicUrl}/api`);
  // Copies: the rules complete the hand-written paths in place.
  Object.assign(
    (doc.paths ??= {}) as object,
    structuredClone({ ...moleculesOpenApiPaths, ...jobLogsOpenApiPaths }),
    structuredClone({
      '/v1/jobs/{jobId}/results.csv': resultsCsvOpenApiPath,
      '/v1/jobs/{jobId}/results.sdf': resultsSdfOpenApiPath,
      '/v1/jobs/{jobId}/results.zip': resultsZipOpenApiPath,
    }),
  );
  const events = (doc.paths as Record<string, { get?: { responses?: Record<string, { content?: object }> } }>)[
    '/v1/jobs/{jobId}/events'
  ]?.get?.responses?.['200'];
  if (events) events.content = { ...events.content, ...jobEventsStreamContent };
  return completeOpenApiDocument(doc);
}
