/**
 * One exploration worker thread: loads the same scenarios as the main thread (bundled, or the
 * user's `--file`) and runs the schedules of its shard that it claims from a counter shared with the
 * other workers, so a worker that the machine slows down takes fewer and none idles at the end. It
 * stops claiming once the next schedule lies past a failure any worker found; every schedule below
 * that was claimed in order and runs, so the campaign's first failure is the same whatever the timing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InterleaveError } from '../sim/errors.js';
import { explore } from '../explore/explore.js';
import type { ExploreOptions } from '../explore/options.js';
import { findScenario } from './scenarioSource.js';

export interface WorkerJob {
  id: number;
  scenario: string;
  options: ExploreOptions & { shard: { index: number; count: number } };
  /** Int32[0]: the smallest failing schedule index (1-based) found by any worker so far. */
  bound: SharedArrayBuffer;
  /** Int32[0]: the next position of the shard to claim, shared by every worker of this job. */
  next: SharedArrayBuffer;
  /** Float64[0]: schedules this worker has run so far; the main thread reads it for the progress bar. */
  progress: SharedArrayBuffer;
}

export type WorkerReply =
  | { id: number; type: 'done'; result: Record<string, unknown> }
  | { id: number; type: 'error'; name: string; message: string; hint?: string | undefined };

const port = parentPort!;
const file = (workerData as { file?: string }).file;

port.on('message', (job: WorkerJob) => {
  void run(job);
});

function lower(bound: Int32Array, value: number): void {
  for (;;) {
    const current = Atomics.load(bound, 0);
    if (value >= current || Atomics.compareExchange(bound, 0, current, value) === current) return;
  }
}

async function run(job: WorkerJob): Promise<void> {
  const reply = (m: WorkerReply) => port.postMessage(m);
  try {
    const { scenario } = await findScenario(job.scenario, file);
    const bound = new Int32Array(job.bound);
    const next = new Int32Array(job.next);
    const { index, count } = job.options.shard;
    const progress = new Float64Array(job.progress);
    // Progress goes through shared memory, not a message per report: at 20,000 schedules a second
    // per worker, messages cost the worker a serialisation each and the main thread a wake-up.
    const result = await explore(scenario, {
      ...job.options,
      claim: () => {
        const k = Atomics.add(next, 0, 1);
        return index + count * k + 1 > Atomics.load(bound, 0) ? undefined : k;
      },
      onProgress: ({ schedules }) => {
        progress[0] = schedules;
      },
    });
    if (result.failure) lower(bound, result.failure.firstFoundAt);
    // The thrown value may not survive structured cloning; its text is already in the message. The
    // trace goes as plain data: cloning keeps own properties, not the fingerprint getter.
    const { error: _error, trace, ...failure } = result.failure ?? {};
    const plainTrace = trace && { steps: trace.steps, events: trace.events, fingerprint: trace.fingerprint };
    reply({ id: job.id, type: 'done', result: { ...result, failure: result.failure ? { ...failure, trace: plainTrace } : undefined } });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({ id: job.id, type: 'error', name: err.name, message: e instanceof InterleaveError ? err.message : (err.stack ?? err.message) });
  }
}
