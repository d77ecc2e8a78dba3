// The types @mad/client commits (packages/client/src/generated/openapi.ts) are what openapi-typescript (pinned in
// the catalog) makes of the document this server serves, built in-process as the server builds it
// (servedOpenApiDocument, as api-contract and openapi-lint do). A route or schema changed without regenerating fails
// here; `pnpm --filter @mad/client generate` (this test with MAD_WRITE_TYPES=1) rewrites the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { servedOpenApiDocument } from './openapi.js';

const generatedFile = fileURLToPath(new URL('../../../packages/client/src/generated/openapi.ts', import.meta.url));
const header = `// Generated from GET /api/v1/openapi.json (apps/server/src/openapi.ts) by openapi-typescript; do not edit.
// Regenerate: pnpm --filter @mad/client generate. apps/server/src/client-types.test.ts fails when this file drifts.
`;

async function generatedTypes(): Promise<string> {
  const document = servedOpenApiDocument('http://localhost:8080');
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return header + astToString(ast);
}

describe("@mad/client's generated OpenAPI types", () => {
  it('match the document the server serves', async () => {
    const types = await generatedTypes();
    if (process.env.MAD_WRITE_TYPES === '1') writeFileSync(generatedFile, types);
    expect(types).toContain('"/v1/pipelines/{pipelineId}/jobs"');
    expect(readFileSync(generatedFile, 'utf8'), 'run: pnpm --filter @mad/client generate').toBe(types);
  });
});
