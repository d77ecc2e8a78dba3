// The NATS names infra/nats-server.conf is written for, read from packages/protocol/src/jobs.ts (the wire contract),
// so the permission tests follow a rename there and fail until the configuration follows too. Read as text: this
// package tests files, it does not run the protocol.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const source = readFileSync(join(repoRoot, 'packages', 'protocol', 'src', 'jobs.ts'), 'utf8');

function constant(name: string): string {
  const match = new RegExp(`export const ${name} = '([^']+)'`).exec(source);
  if (!match?.[1]) throw new Error(`packages/protocol/src/jobs.ts no longer defines ${name} as a string`);
  return match[1];
}

/** The text of a subject-building arrow function's template, e.g. `mad.tasks.${engine}` → `mad.tasks.`. */
function templatePrefix(functionName: string): string {
  const match = new RegExp(`export const ${functionName} = \\([^)]*\\) => \`([^$\`]*)\\$\\{`).exec(source);
  if (!match?.[1]) throw new Error(`packages/protocol/src/jobs.ts no longer defines ${functionName} as a template`);
  return match[1];
}

export const protocolNames = {
  tasksStream: constant('TASKS_STREAM'),
  reportsStream: constant('REPORTS_STREAM'),
  reportsConsumer: constant('REPORTS_CONSUMER'),
  agentsBucket: constant('AGENTS_BUCKET'),
  cancelsBucket: constant('CANCELS_BUCKET'),
  /** `mad.tasks.` + engine */
  taskSubjectPrefix: templatePrefix('taskSubject'),
  /** `agents_` + engine */
  taskConsumerPrefix: templatePrefix('taskConsumer'),
  /** `mad.reports.` + jobId + `.event|.ligand|.result` */
  reportSubjectPrefix: templatePrefix('reportSubject'),
  /** `mad.live.` + jobId */
  liveSubjectPrefix: templatePrefix('liveEventsSubject'),
};
