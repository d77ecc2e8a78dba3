// Preloaded with `node --import` (load-record.ts): appends the URL of every module the process and its worker
// threads load to LOAD_RECORD_FILE, one a line. ES modules through a load hook; CommonJS ones, which Node 20's hooks
// do not see when require() loads them, from require.cache when the thread exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.LOAD_RECORD_FILE;
if (file) {
  register('./load-recorder-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const urls = Object.keys(cache).map((path) => `${pathToFileURL(path).href}\n`);
    appendFileSync(file, urls.join(''));
  });
}
