/**
 * The bundled scenarios: what `interleave list` names and `npm run explore` runs. Each case folder
 * exports its own `entries`; add one import line per case here.
 */
import type { RegistryEntry } from './entry.js';
import { entries as demo } from './demo/index.js';
import { entries as eventTape } from './event-tape/index.js';
import { entries as sync } from './sync/index.js';
import { entries as janitor } from './janitor/index.js';
import { entries as submitRun } from './submit-run/index.js';
import { entries as doubleWake } from './double-wake/index.js';

export type { RegistryEntry } from './entry.js';

export const registry: RegistryEntry[] = [...demo, ...eventTape, ...sync, ...janitor, ...submitRun, ...doubleWake];

export function bundledScenario(name: string): RegistryEntry | undefined {
  return registry.find((e) => e.scenario.name === name);
}
