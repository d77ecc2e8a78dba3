#!/usr/bin/env node
// The local S3 server of `npm start`: s3rver (a devDependency of @mad/test-utils) on one port, its files in one
// folder, one bucket (created when missing) that browsers may reach directly through presigned URLs (CORS).
// s3rver checks no signature, so every request first passes @mad/storage's sigV4Guard: signed with the key pair
// S3RVER / $S3RVER_SECRET_ACCESS_KEY (npm start generates the secret, kept in .data/secrets.json) or 403.
//   S3RVER_SECRET_ACCESS_KEY=… node scripts/s3rver.mjs --port 54569 --directory .data/s3 --bucket mad-artifacts [--address 127.0.0.1]
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
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
const secretAccessKey = process.env.S3RVER_SECRET_ACCESS_KEY;
if (!secretAccessKey || secretAccessKey.length < 16) {
  console.error('s3rver: S3RVER_SECRET_ACCESS_KEY (16+ characters) is required: the secret requests are signed with');
  process.exit(2);
}
const gatewayModule = join(repoRoot, 'packages', 'storage', 'dist', 'gateway.js');
if (!existsSync(gatewayModule)) {
  console.error(`s3rver: ${gatewayModule} is missing: build @mad/storage first (npm start does)`);
  process.exit(2);
}
const { sigV4Guard } = await import(pathToFileURL(gatewayModule).href);

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
await server.configureBuckets();
const handle = server.callback();
const guard = sigV4Guard({
  credentials: { accessKeyId: 'S3RVER', secretAccessKey },
  onRefused: ({ method, path, reason }) => console.error(`s3rver: refused ${method} ${path}: ${reason}`),
});
const http = createServer((req, res) => guard(req, res, () => handle(req, res)));
await new Promise((resolve, reject) => {
  http.once('error', reject);
  http.listen(Number(values.port), values.address, resolve);
});
console.log(
  `s3rver listening on http://${values.address}:${values.port} (bucket ${values.bucket}, files in ${values.directory}, signed requests only)`,
);

const stop = () => {
  http.closeAllConnections();
  http.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
