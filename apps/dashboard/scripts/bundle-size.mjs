// Prints the gzip size of the JavaScript the browser loads before any lazy chunk (the entry scripts and their
// modulepreloads in dist/index.html) and fails the build above the budget.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
  (m) => m[1],
);
let totalBytes = 0;
for (const src of new Set(scripts)) {
  const gzipBytes = gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length;
  totalBytes += gzipBytes;
  console.log(`  ${src}  ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
}
const totalKb = totalBytes / 1024;
console.log(`initial JavaScript: ${totalKb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (scripts.length === 0 || totalKb > BUDGET_KB) {
  console.error(
    scripts.length === 0
      ? 'no entry script found in dist/index.html'
      : `over budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB`,
  );
  process.exit(1);
}
