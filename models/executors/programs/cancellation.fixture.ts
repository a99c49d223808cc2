import type { AsyncioProgram } from './harness.fixture.js';
import { taskPrograms } from './tasks.fixture.js';
import { gatherPrograms } from './gather.fixture.js';
import { waitForPrograms } from './waitFor.fixture.js';

export const cancellationPrograms: AsyncioProgram[] = [
  ...taskPrograms,
  ...gatherPrograms,
  ...waitForPrograms,
];
