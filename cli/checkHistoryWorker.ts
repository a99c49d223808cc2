/**
 * `check-history` with a spec module, on a worker thread (see `checkHistoryCommand`): the check as the
 * main thread would run it, its output collected and sent back in one message. The main thread ends
 * this thread when a step of the spec outlives the time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InterleaveError } from '../sim/errors.js';
import { type CheckHistoryFlags, type CheckHistoryReply, checkHistoryHere, firstLine } from './checkHistoryCommand.js';

const { file, flags } = workerData as { file: string; flags: CheckHistoryFlags };
const out: string[] = [];
const err: string[] = [];
const post = (m: CheckHistoryReply) => parentPort!.postMessage(m);

try {
  const code = await checkHistoryHere(file, flags, { out: (t) => out.push(t), err: (t) => err.push(t) }, () => post({ type: 'searching' }));
  post({ type: 'done', code, out, err });
} catch (e) {
  if (e instanceof InterleaveError) post({ type: 'usage', what: e.what, hint: e.hint, out, err });
  else post({ type: 'crash', message: firstLine(e), out, err });
}
