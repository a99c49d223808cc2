/**
 * Parallel exploration on worker threads. Every worker runs the requested shard `index/count` of
 * the campaign (explore's `shard` option: schedule i is planned from (seed, i) alone), claiming its
 * positions one at a time from a shared counter (explore's `claim`), so the workers together run
 * exactly that shard whatever their speeds, and the failure reported is the one at the smallest
 * schedule index — the one a single process would find.
 */
import type { Worker } from 'node:worker_threads';
import { workerThread } from './workerThread.js';
import { InterleaveError } from '../sim/errors.js';
import { CampaignCoverage } from '../explore/coverage.js';
import type { ExploreResult } from '../explore/explore.js';
import { type Failure, withReport } from '../explore/failure.js';
import type { ExploreOptions } from '../explore/options.js';
import type { WorkerJob, WorkerReply } from './exploreWorker.js';

type Listener = (m: WorkerReply) => void;

/** How often the main thread reads the workers' progress counters for the progress bar. */
const PROGRESS_MS = 100;

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly listeners = new Map<number, Listener>();
  private nextId = 1;

  constructor(
    readonly size: number,
    file?: string,
  ) {
    for (let i = 0; i < size; i++) {
      const w = workerThread('exploreWorker', { file });
      w.on('message', (m: WorkerReply) => this.listeners.get(m.id)?.(m));
      w.on('error', (e) => {
        for (const l of this.listeners.values()) l({ id: 0, type: 'error', name: e.name, message: `a worker thread crashed: ${e.message}` });
      });
      // A worker that ends while a campaign waits on it (process.exit in a --file module or the code
      // under test ends the thread) would leave the campaign waiting forever.
      w.on('exit', (code) => {
        for (const l of this.listeners.values()) l({ id: 0, type: 'error', name: 'InterleaveError', message: `a worker thread exited (code ${code}) before its part of the campaign was done: a --file module or the code under test called process.exit` });
      });
      this.workers.push(w);
    }
  }

  /** Explores one scenario (by name, as the workers load it) across every worker. */
  explore(scenario: string, options: ExploreOptions, onProgress?: (schedules: number) => void): Promise<ExploreResult> {
    const base = options.shard ?? { index: 0, count: 1 };
    const bound = new SharedArrayBuffer(4);
    new Int32Array(bound)[0] = 2 ** 31 - 1;
    const next = new SharedArrayBuffer(4);
    // Only data crosses to a worker: callbacks and signals stay here (structured clone refuses them).
    const plain = Object.fromEntries(Object.entries(options).filter(([k, v]) => typeof v !== 'function' && k !== 'signal')) as ExploreOptions;
    const started = performance.now();
    const progress = Array.from({ length: this.size }, () => new SharedArrayBuffer(8));
    const counts = progress.map((p) => new Float64Array(p));
    const report = () => onProgress?.(counts.reduce((n, c) => n + c[0]!, 0));
    const ticker = onProgress ? setInterval(report, PROGRESS_MS) : undefined;
    return new Promise((resolve, reject) => {
      const results: (ExploreResult | undefined)[] = new Array(this.size);
      let pending = this.size;
      const ids: number[] = [];
      const finish = (error?: Error) => {
        clearInterval(ticker);
        for (const id of ids) this.listeners.delete(id);
        if (error) return reject(error);
        report();
        resolve(merge(results as ExploreResult[], performance.now() - started));
      };
      this.workers.forEach((w, k) => {
        const id = this.nextId++;
        ids.push(id);
        this.listeners.set(id, (m) => {
          if (m.type === 'done') {
            results[k] = m.result as unknown as ExploreResult;
            if (--pending === 0) finish();
          } else {
            const e = new InterleaveError(m.message);
            e.name = m.name;
            finish(e);
          }
        });
        const job: WorkerJob = { id, scenario, options: { ...plain, shard: base, coveragePairs: true }, bound, next, progress: progress[k]! };
        w.postMessage(job);
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function merge(parts: ExploreResult[], elapsedMs: number): ExploreResult {
  const failing = parts.filter((p) => p.failure).sort((a, b) => a.failure!.firstFoundAt - b.failure!.firstFoundAt)[0];
  const result: ExploreResult = {
    ok: !failing,
    schedules: parts.reduce((n, p) => n + p.schedules, 0),
    steps: parts.reduce((n, p) => n + p.steps, 0),
    elapsedMs,
    seed: parts[0]!.seed,
    strategy: parts[0]!.strategy,
  };
  if (failing) result.failure = withReport(failing.failure as Omit<Failure, 'report'>);
  // Each worker saw part of the campaign's pairs: the union, each at the first schedule any saw it.
  const records = parts.map((p) => p.coveragePairs).filter((c) => c !== undefined);
  if (records.length > 0) result.coverage = CampaignCoverage.merge(records, result.schedules);
  return result;
}
