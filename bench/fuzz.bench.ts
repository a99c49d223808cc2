/**
 * `npm run bench -- fuzz`: the token fuzzer of the suite (explore/tokenFuzz.fixture.ts) at 100,000
 * cases (`FUZZ_CASES` to change), in this process, with what a test may not assert: the cases over
 * 1 s and the peak resident memory. Prints the outcomes by kind; exits 1 on any crash, silent pass,
 * bad message, case over 1 s or a peak over 512 MB.
 */
import fc from 'fast-check';
import { fuzzCase, runCase, seedlings } from '../explore/tokenFuzz.fixture.js';

process.env.INTERLEAVE_CORPUS = 'off';
const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SLOW_MS = 1000;
const CHUNK = 1000;
const MAX_RSS = 512 * 1024 * 1024;

// Not top-level await: explore awaited during module evaluation never settles under tsx (the
// process exits 13, "unsettled top-level await"; reported with issue 17), so a plain async main.
async function main(): Promise<void> {
  const all = await seedlings();
  const outcomes = new Map<string, number>();
  const problems: string[] = [];
  let slow = 0;
  let slowest = 0;
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  let n = 0;
  // In chunks: a sample holds its cases (up to 270 KB a token) until the loop is done with it.
  const arb = fuzzCase(all);
  const cases = function* () {
    for (let k = 0; k * CHUNK < CASES; k++)
      yield* fc.sample(arb, { numRuns: Math.min(CHUNK, CASES - k * CHUNK), seed: 17 + k });
  };
  for (const c of cases()) {
    const t0 = performance.now();
    let kind: string;
    try {
      const o = await runCase(all, c);
      kind =
        o.kind === 'verdict'
          ? o.verdict
          : /^[a-z ]+/
              .exec(o.message.replace(/^malformed replay token: .*/, 'malformed token'))![0]
              .trim();
    } catch (e) {
      kind = 'PROBLEM';
      if (problems.length < 20) problems.push((e as Error).message);
    }
    const ms = performance.now() - t0;
    if (ms > SLOW_MS) {
      slow++;
      if (problems.length < 20)
        problems.push(`slow: ${ms.toFixed(0)} ms for ${JSON.stringify(c.token.slice(0, 120))}`);
    }
    slowest = Math.max(slowest, ms);
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    if (++n % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `token fuzz: ${CASES.toLocaleString('en-US')} cases in ${seconds.toFixed(1)} s (${((seconds * 1000) / CASES).toFixed(2)} ms a case), slowest ${slowest.toFixed(0)} ms, ${slow} over ${SLOW_MS} ms, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
  for (const [k, v] of [...outcomes].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(v).padStart(7)}  ${k}`);
  for (const p of problems) console.log(`  ✗ ${p}`);
  if (problems.length || peakRss > MAX_RSS) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
