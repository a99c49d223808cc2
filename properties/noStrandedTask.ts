import { showTape, type TaskHistory } from './taskHistory.js';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

/**
 * "No strand" (case B, property 3): when the run is over, every submitted task is terminal — none is
 * left `pending` or `running` with nobody to finish it. Throws listing every stranded task.
 */
export function noStrandedTask(histories: readonly TaskHistory[], options: { terminal?: readonly string[] } = {}): void {
  const terminal = options.terminal ?? TERMINAL;
  const stranded = histories.filter((h) => !terminal.includes(h.status));
  if (stranded.length > 0) {
    throw new Error(`${stranded.length} task(s) stranded: ${stranded.map((h) => `"${h.id}" is ${h.status} (tape ${showTape(h.tape)})`).join('; ')}`);
  }
}
