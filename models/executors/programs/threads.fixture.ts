import type { AsyncioProgram } from './harness.fixture.js';
import { toThreadPrograms } from './toThread.fixture.js';
import { runCoroutineThreadsafePrograms } from './runCoroutineThreadsafe.fixture.js';
import { callSoonThreadsafePrograms } from './callSoonThreadsafe.fixture.js';

export const threadPrograms: AsyncioProgram[] = [
  ...toThreadPrograms,
  ...runCoroutineThreadsafePrograms,
  ...callSoonThreadsafePrograms,
];
