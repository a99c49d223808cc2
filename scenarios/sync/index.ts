import type { RegistryEntry } from '../entry.js';
import { lostWakeup } from './lostWakeup.js';
import { kvUpdate } from './kvUpdate.js';

/** Races on the sync primitives themselves: lost wake-ups, non-atomic read-modify-write. */
export const entries: RegistryEntry[] = [
  { scenario: lostWakeup('check-outside-lock'), case: 'sync', variant: 'check outside lock', property: 'no lost wake-up (no deadlock)', expect: 'fails' },
  { scenario: lostWakeup('if'), case: 'sync', variant: 'if, not while', property: 'a woken consumer finds an item', expect: 'fails' },
  { scenario: lostWakeup('while'), case: 'sync', variant: 'predicate loop', property: 'no lost wake-up, no empty take', expect: 'passes' },
  { scenario: kvUpdate('read-then-write'), case: 'sync', variant: 'read-then-write update', property: 'KV operations are linearizable', expect: 'fails' },
  { scenario: kvUpdate('atomic'), case: 'sync', variant: 'atomic update', property: 'KV operations are linearizable', expect: 'passes' },
  { scenario: kvUpdate('kvstore'), case: 'sync', variant: 'KvStore model', property: 'KV operations are linearizable', expect: 'passes' },
];
