/**
 * Differential test: the file-system model against the real Linux kernel (models/posix/kernel_oracle.py)
 * on generated operation sequences. Compared: open (with/without O_CREAT, O_EXCL) → success or errno;
 * close and double close (EBADF); dup; unlink (ENOENT); stat(path) and fstat(fd) as inode identity
 * relations; flock LOCK_EX|LOCK_NB, LOCK_SH|LOCK_NB and LOCK_UN → ok / EWOULDBLOCK / EBADF, across
 * several open file descriptions of one file, after unlink and re-create, across dup'ed descriptors,
 * and across fork-inherited descriptors whose child is then SIGKILLed. Not compared: blocking flock
 * (needs a second thread; the model's blocking path is covered by scenario tests), descriptor numbers.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import { isErrno, PosixError } from './errno.js';
import { LOCK_EX, LOCK_NB, LOCK_SH, LOCK_UN } from './flock.js';
import { Kernel } from './Kernel.js';
import type { Process } from './Process.js';
import { SIGKILL } from './signals.js';

type Op =
  | { op: 'open'; f: string; create: boolean; excl: boolean }
  | { op: 'close' | 'dup' | 'fstat'; d: number }
  | { op: 'unlink' | 'stat'; f: string }
  | { op: 'flock'; d: number; how: 'EX_NB' | 'SH_NB' | 'UN' }
  | { op: 'fork' }
  | { op: 'reap'; c: number };

const file = fc.constantFrom('a', 'a', 'a', 'b');
const slot = fc.nat({ max: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('open' as const), f: file, create: fc.boolean(), excl: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('close' as const, 'dup' as const, 'fstat' as const), d: slot }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('unlink' as const, 'stat' as const), f: file }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('flock' as const), d: slot, how: fc.constantFrom('EX_NB' as const, 'SH_NB' as const, 'UN' as const) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'fork' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reap' as const), c: fc.nat({ max: 3 }) }) },
);
const sequenceArb = fc.array(opArb, { minLength: 4, maxLength: 30, size: 'max' });

const ORACLE = fileURLToPath(new URL('./kernel_oracle.py', import.meta.url));
const HOW = { EX_NB: LOCK_EX | LOCK_NB, SH_NB: LOCK_SH | LOCK_NB, UN: LOCK_UN };
const CLOSED_FD = 4000;

function kernelResults(batch: Op[][]): string[][] {
  const r = spawnSync('python3', [ORACLE], { input: JSON.stringify(batch), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`kernel_oracle.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[][];
}

/** Runs one sequence on the model, inside one simulated process, with the oracle's conventions. */
async function modelResults(ops: Op[]): Promise<string[]> {
  const out: string[] = [];
  const scenario = defineScenario({
    name: 'posix-differential',
    setup(sim) {
      const kernel = new Kernel(sim);
      kernel.spawn('oracle', async (proc) => {
        const slots: (number | null)[] = [];
        const children: (Process | null)[] = [];
        const labels = new Map<number, string>();
        const label = (ino: number) => {
          if (!labels.has(ino)) labels.set(ino, `i${labels.size}`);
          return labels.get(ino)!;
        };
        const fdOf = (d: number) => {
          if (slots.length === 0) return undefined;
          const k = d % slots.length;
          return slots[k] ?? CLOSED_FD + k;
        };
        for (const op of ops) {
          try {
            switch (op.op) {
              case 'open':
                slots.push(await proc.open(`/tmp/${op.f}`, { create: op.create, excl: op.excl }));
                out.push('ok');
                break;
              case 'dup': {
                const fd = fdOf(op.d);
                if (fd === undefined) out.push('skip');
                else {
                  slots.push(await proc.dup(fd));
                  out.push('ok');
                }
                break;
              }
              case 'close': {
                const fd = fdOf(op.d);
                if (fd === undefined) out.push('skip');
                else {
                  await proc.close(fd);
                  slots[op.d % slots.length] = null;
                  out.push('ok');
                }
                break;
              }
              case 'unlink':
                await proc.unlink(`/tmp/${op.f}`);
                out.push('ok');
                break;
              case 'stat':
                out.push(label((await proc.stat(`/tmp/${op.f}`)).ino));
                break;
              case 'fstat': {
                const fd = fdOf(op.d);
                out.push(fd === undefined ? 'skip' : label((await proc.fstat(fd)).ino));
                break;
              }
              case 'flock': {
                const fd = fdOf(op.d);
                if (fd === undefined) out.push('skip');
                else {
                  await proc.flock(fd, HOW[op.how]);
                  out.push('ok');
                }
                break;
              }
              case 'fork':
                children.push(await proc.fork('child', (c) => c.pause()));
                out.push('ok');
                break;
              case 'reap': {
                if (children.length === 0) {
                  out.push('skip');
                  break;
                }
                const k = op.c % children.length;
                const child = children[k];
                if (!child) {
                  out.push('ESRCH');
                  break;
                }
                await proc.kill(child.pid, SIGKILL);
                await proc.waitpid(child.pid);
                children[k] = null;
                out.push('ok');
                break;
              }
            }
          } catch (e) {
            if (!(e instanceof PosixError)) throw e;
            out.push(e.code);
          }
        }
        for (const c of children) if (c) await proc.kill(c.pid, SIGKILL);
      });
      return kernel;
    },
  });
  const r = await runOnce(scenario);
  if (!r.ok) throw new Error(`model run failed: ${r.failure?.message}`);
  return out;
}

describe('posix file system model vs the Linux kernel', () => {
  it('flock conflicts between two open() descriptions within ONE process (the oracle relies on it)', () => {
    const [r] = kernelResults([
      [
        { op: 'open', f: 'a', create: true, excl: false },
        { op: 'open', f: 'a', create: false, excl: false },
        { op: 'flock', d: 0, how: 'EX_NB' },
        { op: 'flock', d: 1, how: 'EX_NB' },
      ],
    ]);
    expect(r).toEqual(['ok', 'ok', 'ok', 'EWOULDBLOCK']);
  });

  it('agrees on hand-picked sequences: unlink + re-create, lock conversion, dup, fork inheritance', async () => {
    const cases: Op[][] = [
      // The headline: a lock on an unlinked inode does not conflict with the re-created path.
      [
        { op: 'open', f: 'a', create: true, excl: false },
        { op: 'flock', d: 0, how: 'EX_NB' },
        { op: 'unlink', f: 'a' },
        { op: 'open', f: 'a', create: true, excl: false },
        { op: 'flock', d: 1, how: 'EX_NB' },
        { op: 'fstat', d: 0 },
        { op: 'fstat', d: 1 },
        { op: 'stat', f: 'a' },
      ],
      // Converting SH → EX drops the SH first: a failed NB upgrade leaves no lock.
      [
        { op: 'open', f: 'a', create: true, excl: false },
        { op: 'open', f: 'a', create: false, excl: false },
        { op: 'flock', d: 0, how: 'SH_NB' },
        { op: 'flock', d: 1, how: 'SH_NB' },
        { op: 'flock', d: 0, how: 'EX_NB' },
        { op: 'flock', d: 1, how: 'EX_NB' },
      ],
      // A fork child keeps the description (and its lock) alive until it dies.
      [
        { op: 'open', f: 'a', create: true, excl: false },
        { op: 'flock', d: 0, how: 'EX_NB' },
        { op: 'fork' },
        { op: 'close', d: 0 },
        { op: 'open', f: 'a', create: false, excl: false },
        { op: 'flock', d: 1, how: 'EX_NB' },
        { op: 'reap', c: 0 },
        { op: 'flock', d: 1, how: 'EX_NB' },
        { op: 'close', d: 0 },
      ],
    ];
    const real = kernelResults(cases);
    for (let i = 0; i < cases.length; i++) expect(await modelResults(cases[i]!), JSON.stringify(cases[i])).toEqual(real[i]);
    expect(real[0]!.slice(5)).toEqual(['i0', 'i1', 'i1']);
    expect(real[1]!.slice(4)).toEqual(['EWOULDBLOCK', 'ok']);
    expect(real[2]!.slice(5)).toEqual(['EWOULDBLOCK', 'ok', 'ok', 'EBADF']);
  });

  it('agrees on 300 generated sequences (one python process for the batch)', async () => {
    const batch = fc.sample(sequenceArb, { seed: 20260610, numRuns: 300 });
    const real = kernelResults(batch);
    const mismatches: string[] = [];
    for (let i = 0; i < batch.length; i++) {
      const model = await modelResults(batch[i]!);
      if (JSON.stringify(model) !== JSON.stringify(real[i])) mismatches.push(`${JSON.stringify(batch[i])}\n  kernel ${JSON.stringify(real[i])}\n  model  ${JSON.stringify(model)}`);
    }
    expect(mismatches.slice(0, 3).join('\n')).toBe('');
    // The generator must actually exercise the interesting outcomes.
    const all = real.flat();
    for (const outcome of ['EWOULDBLOCK', 'EBADF', 'ENOENT', 'EEXIST', 'i1']) expect(all).toContain(outcome);
  });

  it('a model error names the errno and, for misuse, says what to do', async () => {
    await expect(modelResults([{ op: 'open', f: 'a', create: true, excl: false }, { op: 'close', d: 0 }, { op: 'flock', d: 0, how: 'EX_NB' }])).resolves.toEqual(['ok', 'ok', 'EBADF']);
    const e = new PosixError('EBADF', 'flock(4000, LOCK_EX)', 'keep the object alive');
    expect(isErrno(e, 'EBADF')).toBe(true);
    expect(e.message).toMatch(/EBADF.*keep the object alive/);
  });
});
