/** interleave/properties — reusable history checks, one per file. */
export { finalIsLast } from './finalIsLast.js';
export { noStrandedTask } from './noStrandedTask.js';
export { tapeMatchesRow } from './tapeMatchesRow.js';
export { showTape, type TaskHistory } from './taskHistory.js';
