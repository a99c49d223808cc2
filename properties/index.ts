/** interleave/properties — reusable history checks, one per file. */
export { finalIsLast } from './finalIsLast.js';
export { noStrandedTask } from './noStrandedTask.js';
export { tapeMatchesRow } from './tapeMatchesRow.js';
export { showTape, type TaskHistory } from './taskHistory.js';
export { PropertyViolation, showEvent } from './violation.js';
export { lastEventIs, type LastEventIsOptions } from './lastEventIs.js';
export { exactlyOnce, type ExactlyOnceOptions } from './exactlyOnce.js';
export { mutualExclusion, holdIntervals, type HoldInterval, type MutualExclusionOptions } from './mutualExclusion.js';
export { eventuallyTerminal, type EventuallyTerminalOptions } from './eventuallyTerminal.js';
export { eventuallyWithin, type EventuallyWithinOptions } from './eventuallyWithin.js';
export { noTornRead, type NoTornReadOptions } from './noTornRead.js';
export { linearizable, checkLinearizable, showOperation, type Operation, type SequentialSpec, type LinearizabilityResult, type LinearizabilityOptions } from './linearizable.js';
export { registerSpec, applyRegisterOp, type RegisterInput } from './registerSpec.js';
export { kvSpec, type KvInput } from './kvSpec.js';
export { recordOperation, historyFromEvents } from './history.js';
export { noOrphan, type NoOrphanOptions } from './noOrphan.js';
export { onlyAfterExit, type OnlyAfterExitOptions } from './onlyAfterExit.js';
export { heldWhileClaimed, type Claim } from './heldWhileClaimed.js';
