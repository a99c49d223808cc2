import type { AsyncioProgram } from './harness.fixture.js';
import { lockPrograms } from './locks.fixture.js';
import { queuePrograms } from './queues.fixture.js';
import { timerPrograms } from './timers.fixture.js';

export const syncPrograms: AsyncioProgram[] = [...lockPrograms, ...queuePrograms, ...timerPrograms];
