#!/usr/bin/env node
// The local S3 server of `npm start`: s3rver (a devDependency of @mad/test-utils) on one port, its files in one
// folder, one bucket (created when missing) that browsers may reach directly through presigned URLs (CORS).
//   node scripts/s3rver.mjs --port 54569 --directory .data/s3 --bucket mad-artifacts [--address 127.0.0.1]
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './setup.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '54569' },
    address: { type: 'string', default: '127.0.0.1' },
    directory: { type: 'string' },
    bucket: { type: 'string', default: 'mad-artifacts' },
  },
});
if (!values.directory) {
  console.error('s3rver: --directory is required');
  process.exit(2);
}

const corsConfig = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

// s3rver is not hoisted to the root node_modules: resolve it from the package that depends on it.
const require = createRequire(join(repoRoot, 'packages', 'test-utils', 'package.json'));
const { default: S3rver } = await import(pathToFileURL(require.resolve('s3rver')).href);

mkdirSync(values.directory, { recursive: true });
const server = new S3rver({
  address: values.address,
  port: Number(values.port),
  directory: values.directory,
  silent: true,
  configureBuckets: [{ name: values.bucket, configs: [corsConfig] }],
});
const { address, port } = await server.run();
console.log(`s3rver listening on http://${address}:${port} (bucket ${values.bucket}, files in ${values.directory})`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
