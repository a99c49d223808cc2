import { showTape, type TaskHistory } from './taskHistory.js';

/**
 * "Seq is max+1": every task's tape is numbered 1, 2, 3, … with no gap and no duplicate — what
 * `seq = max(seq) + 1` under the store's write lock guarantees. When `returned` is given (the seqs
 * `appendEvent` handed back for events that were stamped), they must be exactly the tape's seqs.
 */
export function seqContiguous(histories: readonly TaskHistory[], returned?: ReadonlyMap<string, readonly number[]>): void {
  for (const h of histories) {
    h.tape.forEach((e, i) => {
      if (e.seq !== i + 1) throw new Error(`task "${h.id}": event #${i + 1} has seq ${String(e.seq)}, expected ${i + 1} (seq = max(seq)+1): ${showTape(h.tape)}`);
    });
    const r = returned?.get(h.id);
    if (r === undefined) continue;
    const got = [...r].sort((a, b) => a - b).join(',');
    const want = h.tape.map((e) => e.seq).join(',');
    if (got !== want) throw new Error(`task "${h.id}": appendEvent returned seqs [${got}] but the tape holds [${want}]: ${showTape(h.tape)}`);
  }
}
