import type { RegistryEntry } from '../entry.js';
import { abba } from './abba.js';
import { lostUpdate } from './lostUpdate.js';
import { transfers } from './transfers.js';

/** Small races that show the core at work; the case studies live beside this folder. */
export const entries: RegistryEntry[] = [
  { scenario: lostUpdate(), case: 'demo', variant: 'racy', property: 'no lost update', expect: 'fails' },
  { scenario: lostUpdate(6), case: 'demo', variant: 'racy+6 idle actors', property: 'no lost update', expect: 'fails' },
  { scenario: abba, case: 'demo', variant: 'ABBA', property: 'no deadlock', expect: 'fails' },
  { scenario: transfers, case: 'demo', variant: 'ordered locks', property: 'money is conserved', expect: 'passes', options: { runs: 2000 } },
];
