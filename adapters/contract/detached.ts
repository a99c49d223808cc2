/**
 * Rejections an adapter leaves behind: a promise it made and dropped (`p.then(() => { throw … })`,
 * a fire-and-forget write) that rejects with no handler would end a plain Node process with
 * `unhandledRejection` while its verdict is being computed. While a contract suite runs, such a
 * rejection is caught and becomes part of the verdict, with where it was thrown. (Node reports it
 * only once every queued job has run — many simulated steps later — so the call that dropped the
 * promise cannot be told from the order of calls; the stack can.)
 */
import { real } from '../../sim/realTimers.js';
import { describeRejection } from '../../sim/rejections.js';

/** Runs a suite with unhandled rejections caught; returns its value and the first one, described. */
export async function catchingDetached<T>(suite: () => Promise<T>): Promise<{ value: T; detached: string | undefined }> {
  let detached: string | undefined;
  const listener = (reason: unknown) => {
    detached ??= `a promise the adapter left behind rejected with no handler: ${describeRejection(reason)} — await or handle every promise the adapter starts`;
  };
  process.on('unhandledRejection', listener);
  try {
    const value = await suite();
    // Rejections already settled surface once the current jobs have run.
    await real.turn();
    return { value, detached };
  } finally {
    process.off('unhandledRejection', listener);
  }
}
