import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './inProcess.fixture.js';

const repo = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'interleave-history-'));

function file(name: string, ...events: (object | string)[]): string {
  const path = join(dir, name);
  writeFileSync(path, events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n'));
  return path;
}

const ev = (process: number, type: string, f: string, value: unknown) => ({ process, type, f, value });
// Jepsen's etcd shape: a timed-out write (info) that a later read saw.
const good = file('good.jsonl', ev(0, 'invoke', 'write', 1), ev(0, 'ok', 'write', 1), ev(1, 'invoke', 'write', 2), ev(1, 'info', 'write', 'timed-out'), ev(2, 'invoke', 'read', null), ev(2, 'ok', 'read', 2));
// A stale read: 1 was overwritten by 2 before the read began.
const stale = file('stale.jsonl', ev(0, 'invoke', 'write', 1), ev(0, 'ok', 'write', 1), ev(1, 'invoke', 'write', 2), ev(1, 'ok', 'write', 2), ev(2, 'invoke', 'read', null), ev(2, 'ok', 'read', 1));

describe('interleave check-history', () => {
  it('exit 0 for a linearizable history, with the verdict on one line', async () => {
    const r = await cli('check-history', good, '--spec', 'register');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^✓ .*good\.jsonl: linearizable: 3 operations in 1 partition \(3 operations, 1 partition, \d+ search steps in [\d.]+ s\)$/);
  });

  it('exit 1 for a violation, with the table of where every order breaks; --json and --html say the same', async () => {
    const html = join(dir, 'stale.html');
    const r = await cli('check-history', stale, '--spec', 'register', '--html', html);
    expect(r.code).toBe(1);
    expect(r.out).toContain('not linearizable: every order breaks at 2 read → 1');
    expect(r.out).toMatch(/\n {2}✗ +2 +5 +6 {2}read → 1\n/);
    expect(readFileSync(html, 'utf8')).toMatch(/class="op in-prefix"[^>]*data-actor="0"/);
    const j = await cli('check-history', stale, '--spec', 'register', '--json');
    expect(JSON.parse(j.out)).toMatchObject({ verdict: 'not-linearizable', operations: 3, breaking: { process: '2', f: 'read', output: 1 } });
  });

  it('exit 4 when the time limit or the budget runs out: unknown, never a hang', async () => {
    // Twelve concurrent writes and a read of a value none wrote: every order of the writes is tried.
    const hard = file('hard.jsonl', ...Array.from({ length: 12 }, (_, i) => ev(i, 'invoke', 'write', i)), ...Array.from({ length: 12 }, (_, i) => ev(i, 'ok', 'write', i)), ev(99, 'invoke', 'cas', [7, 8]), ev(99, 'ok', 'cas', [7, 8]), ev(99, 'invoke', 'read', null), ev(99, 'ok', 'read', 99));
    const r = await cli('check-history', hard, '--spec', 'register', '--budget', '200');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/^\? .*unknown: the search ran out of steps before a verdict/);
    expect(r.out).toContain('no verdict: raise --time-limit');
  });

  it('exit 2 with one line naming the line for a malformed history', async () => {
    for (const [name, lines, pattern] of [
      ['json.jsonl', [ev(0, 'invoke', 'read', null), '{"process": 0, "type": "ok",'], /^error: .*json\.jsonl:2: not JSON \(.*\) — each line must be one JSON object, e\.g\. \{.*\}$/],
      ['orphan.jsonl', [ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', null), ev(3, 'ok', 'write', 1)], /^error: .*orphan\.jsonl:3: a return without a call: process 3 completes write \(ok\) but has no invocation open — .*$/],
      ['unknown.jsonl', [ev(0, 'invoke', 'incr', 1)], /^error: .*unknown\.jsonl:1: unknown f "incr" — this spec knows read, get, write, put, cas, append; pass --spec <module\.ts> for others$/],
    ] as const) {
      const r = await cli('check-history', file(name, ...lines), '--spec', 'kv');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(pattern);
    }
    expect((await cli('check-history', join(dir, 'none.jsonl'), '--spec', 'register')).err).toMatch(/^error: .*none\.jsonl: no such file — /);
    expect((await cli('check-history', good, '--spec', 'queue')).err).toMatch(/^error: --spec queue: unknown spec — use register/);
    expect((await cli('check-history', good)).err).toMatch(/^error: required option '--spec <spec>' not specified — run `interleave --help` for usage$/);
  });

  it('takes a spec from a module: --spec path.ts exporting a SequentialSpec', async () => {
    const spec = join(dir, 'counter.ts');
    writeFileSync(
      spec,
      `import type { SequentialSpec } from ${JSON.stringify(join(repo, 'properties/sequentialSpec.js'))};
export const spec: SequentialSpec<number, { value: unknown }, unknown> = {
  init: () => 0,
  step: (n, _input, op) => (op === 'incr' ? { ok: true, state: n + 1, output: n + 1 } : { ok: true, state: n, output: n }),
  operations: ['incr', 'read'],
};\n`,
    );
    const h = file('counter.jsonl', ev(0, 'invoke', 'incr', null), ev(1, 'invoke', 'incr', null), ev(0, 'ok', 'incr', 2), ev(1, 'ok', 'incr', 1), ev(2, 'invoke', 'read', null), ev(2, 'ok', 'read', 2));
    expect((await cli('check-history', h, '--spec', spec)).code).toBe(0);
    expect((await cli('check-history', file('lost.jsonl', ev(0, 'invoke', 'incr', null), ev(1, 'invoke', 'incr', null), ev(0, 'ok', 'incr', 1), ev(1, 'ok', 'incr', 1)), '--spec', spec)).code).toBe(1);
  }, 30_000);

  it('a spec whose step never returns: exit 4 once the time limit has passed, never a hang; one that exits: exit 2', async () => {
    const loops = join(dir, 'loops.mjs');
    writeFileSync(loops, 'export default { init: () => 0, step() { for (;;); } };\n');
    const r = await cli('check-history', good, '--spec', loops, '--time-limit', '300');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/^\? .*good\.jsonl: no verdict: a step of --spec .*loops\.mjs did not return within the time limit \(300 ms\)\n {2}fix the spec's step/);
    const json = await cli('check-history', good, '--spec', loops, '--time-limit', '300', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ verdict: 'unknown', reason: 'step' });
    const exits = join(dir, 'exits.mjs');
    writeFileSync(exits, 'export default { init: () => 0, step() { process.exit(7); } };\n');
    const e = await cli('check-history', good, '--spec', exits);
    expect(e.code).toBe(2);
    expect(e.err.trim()).toMatch(/^error: --spec .*exits\.mjs ended the check \(exit code 7\) before a verdict — a spec must not call process\.exit$/);
  }, 30_000);

  it('exit 2, one line, for an empty history, a directory, and a spec that throws or lists operations wrongly', async () => {
    const one = (r: { code: number; out: string; err: string }, pattern: RegExp) => {
      expect(r.code).toBe(2);
      expect(`${r.out}${r.err}`.trim()).toMatch(new RegExp(`^error: [^\\n]*${pattern.source}[^\\n]*$`));
    };
    one(await cli('check-history', file('empty.jsonl', '', ''), '--spec', 'register'), /no operations in the history/);
    one(await cli('check-history', dir, '--spec', 'register'), /a directory, not a history file/);
    const throws = join(dir, 'throws.mjs');
    writeFileSync(throws, 'export default { init: () => 0, step() { throw new Error("step exploded"); } };\n');
    one(await cli('check-history', good, '--spec', throws), /threw while checking .*: Error: step exploded — fix the spec/);
    const listed = join(dir, 'listed.mjs');
    writeFileSync(listed, 'export default { init: () => 0, operations: "read", step: (s) => ({ ok: true, state: s, output: s }) };\n');
    one(await cli('check-history', good, '--spec', listed), /operations must be an array of operation names/);
    const asyncStep = join(dir, 'async.mjs');
    writeFileSync(asyncStep, 'export default { init: () => 0, async step(s) { return { ok: true, state: s, output: s }; } };\n');
    one(await cli('check-history', good, '--spec', asyncStep), /spec\.step returned a Promise, not \{ ok, state, output \}: a sequential spec is synchronous/);
    one(await cli('check-history', file('history.edn', '{:process 0, :type :invoke, :f :read, :value nil}'), '--spec', 'register'), /history\.edn:1: not JSON \(it looks like EDN, Jepsen's history\.edn\) — convert it to JSON Lines first/);
  }, 30_000);
});
