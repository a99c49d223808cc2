/**
 * Unmodified npm packages under the simulation (the real-code scenarios beside this file:
 * async-mutex, p-limit, lru-cache, DataLoader, events.once, a memoized loader): each
 * correct use is clean with dfs complete; each buggy use is found by the default strategy, shrunk,
 * and replayed from its token by the CLI in a fresh process, to the same trace.
 */
import { describe, expect, it } from 'vitest';
import { shell } from '../../e2e/shell.js';
import { explore } from '../../explore/explore.js';
import type { Scenario } from '../../sim/scenario.js';
import * as asyncMutex from './asyncMutex.js';
import * as dataLoader from './dataLoader.js';
import * as eventOnce from './eventOnce.js';
import * as lruCache from './lruCache.js';
import * as memo from './memo.js';
import * as pLimit from './pLimit.js';

interface Case {
  file: string;
  correct: Scenario<unknown, unknown>[];
  buggy: Scenario<unknown, unknown>[];
  /** What the buggy use's failure says. */
  message: RegExp;
}

const any = (s: unknown) => s as Scenario<unknown, unknown>;
const cases: Case[] = [
  { file: 'asyncMutex', correct: [any(asyncMutex.runExclusive), any(asyncMutex.acquireRelease)], buggy: [any(asyncMutex.runExclusiveCheckOutside), any(asyncMutex.acquireReleaseCheckOutside)], message: /overdrawn: the balance is -20/ },
  { file: 'pLimit', correct: [any(pLimit.limitOne)], buggy: [any(pLimit.limitTwo)], message: /lost update: 3 increments left hits at [12]/ },
  { file: 'lruCache', correct: [any(lruCache.readOnce)], buggy: [any(lruCache.hasThenGet)], message: /the session expired between has\(\) and get\(\)/ },
  { file: 'memo', correct: [any(memo.memoized)], buggy: [any(memo.notMemoized)], message: /the config was loaded 2 times/ },
  { file: 'dataLoader', correct: [any(dataLoader.loaderPerRequest)], buggy: [any(dataLoader.sharedLoader)], message: /a load after the price update returned 10, not 12/ },
  { file: 'eventOnce', correct: [any(eventOnce.subscribeFirst)], buggy: [any(eventOnce.subscribeLate)], message: /server waits on a promise that nothing in the simulation can settle \(it waits at .*eventOnce\.ts:\d+:\d+, on a promise made there\)/ },
];

describe('real code: unmodified npm packages', () => {
  for (const c of cases) {
    for (const s of c.correct) {
      it(`${s.name}: clean, and dfs explores every interleaving`, async () => {
        const r = await explore(s, { strategy: 'dfs', seed: 1, runs: 20_000 });
        expect(r.failure?.message).toBeUndefined();
        expect(r.exhausted?.complete).toBe(true);
      });
    }
    for (const s of c.buggy) {
      it(`${s.name}: found, shrunk, and replayed from its token in a fresh process`, async () => {
        const r = await explore(s, { seed: 1, runs: 2000, file: `scenarios/real-code/${c.file}.ts` });
        const f = r.failure!;
        expect(f.message).toMatch(c.message);
        expect(f.firstFoundAt).toBeLessThanOrEqual(200);
        expect(f.preemptions).toBeLessThanOrEqual(1);
        expect(f.steps).toBeLessThanOrEqual(f.stepsBeforeShrink);
        const replayed = await shell(`${f.replayCommand} --format json`);
        expect(replayed.code).toBe(1);
        const stderr = replayed.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
        expect(stderr).toEqual([expect.stringMatching(/^reproduced: the recorded /)]);
        const json = JSON.parse(replayed.stdout) as { verdict: string; fingerprint: string };
        expect(json.verdict).toBe('reproduced');
        expect(json.fingerprint).toBe(f.trace.fingerprint);
      }, 60_000);
    }
  }
});
