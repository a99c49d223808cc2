import type { ExploreOptions } from '../explore/options.js';
import type { Scenario } from '../sim/scenario.js';

/** One row of the bundled registry: a scenario, the property it checks, and what explore must say. */
export interface RegistryEntry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds scenarios of every world and params type
  scenario: Scenario<any, any>;
  /** Case study (`A`…`D`) or `demo`. */
  case: string;
  /** Historical variant (`before`, `after`, `locked`, …). */
  variant: string;
  /** The property that breaks (or must hold), in the case file's words. */
  property: string;
  /** `fails`: a known bug the kit must find; `passes`: a correct variant that must stay clean. */
  expect: 'fails' | 'passes';
  /** Exploration budget and settings for this row (runs, maxSteps, …). */
  options?: ExploreOptions;
}
