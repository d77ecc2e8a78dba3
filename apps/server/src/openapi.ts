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
  describeInteractionFilters(doc);
  return completeOpenApiDocument(doc);
}

/** The results filter by interaction (the generator keeps no parameter description or example): said here. */
function describeInteractionFilters(doc: ReturnType<typeof openApiDocument>): void {
  const results = (doc.paths as Record<string, { get?: { parameters?: object[] } }>)['/v1/jobs/{jobId}/results'];
  for (const parameter of (results?.get?.parameters ?? []) as {
    name: string;
    description?: string;
    example?: string;
  }[]) {
    if (parameter.name === 'interactsWith') {
      parameter.description =
        "Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP): residue name and number, optionally the chain first ('A:MET318'); a value of another form is a 400 naming interactsWith";
      parameter.example = 'MET318';
    }
    if (parameter.name === 'interactionType') {
      parameter.description =
        "Only ligands whose best pose has an interaction of this kind; with interactsWith, that kind with that residue ('H-bond to MET318': interactsWith=MET318&interactionType=hydrogen_bond)";
      parameter.example = 'hydrogen_bond';
    }
  }
}
