// The served OpenAPI document passes `redocly lint` (the @redocly/cli pinned in the catalog, the rules of
// ../redocly.yaml): no error and no warning. The document is built as the server builds it, for a public URL
// that is not localhost (the lint flags localhost servers; deployments serve their PUBLIC_URL).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { servedOpenApiDocument } from './openapi.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mad-openapi-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

describe('redocly lint of the served OpenAPI document', () => {
  it('reports 0 errors and 0 warnings', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(servedOpenApiDocument('https://dashboard.example.org')));
    // The exit status is 1 on errors; the JSON report is read either way so that a failure lists every problem.
    const { stdout } = await run(
      join(here, 'node_modules/.bin/redocly'),
      ['lint', '--config', join(here, 'redocly.yaml'), '--format', 'json', file],
      {
        cwd: here,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as LintReport;
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);
});
