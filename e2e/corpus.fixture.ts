// Run by failureDatabase.test.ts in a child vitest, with the seed it is given: a simTest of a racy counter.
import { simTest } from '../explore/vitest.js';
import { counter } from './corpusCounter.fixture.js';

simTest('counter keeps every increment', counter, { seed: process.env.COUNTER_SEED, strategy: 'random', runs: 300 });
