#!/usr/bin/env node
// The `mad` command: the compiled CLI (pnpm build, which npm start runs, writes dist/).
import { run } from '../dist/cli.js';

process.exitCode = await run(process.argv.slice(2));
