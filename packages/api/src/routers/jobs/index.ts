import { router } from '../../trpc.js';
import { create } from './create.js';
import { get, status } from './status.js';
import { results, ligand, resultsSummary_ } from './results.js';
import { events } from './events.js';
import { logs, ligandFile } from './logs.js';
import { onEvents } from './on-events.js';
import { onListChanges } from './on-list-changes.js';
import { cancel } from './cancel.js';
import { remove } from './delete.js';
import { list } from './list.js';
import { exports } from './exports.js';
import { compare } from './compare.js';

export const jobsRouter = router({
  create,
  get,
  status,
  results,
  resultsSummary: resultsSummary_,
  ligand,
  events,
  onEvents,
  onListChanges,
  cancel,
  delete: remove,
  list,
  compare,
  exports,
  logs,
  ligandFile,
});
