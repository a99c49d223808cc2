/**
 * A progress bar on stderr for interactive terminals only: quiet when stderr is not a TTY (pipes),
 * when `CI` is set (a CI runner may give the job a terminal, and its log keeps every redraw), or
 * when the output is JSON, so logs stay greppable and JSON stays parseable.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(schedules: number): void;
  stop(): void;
}

const quiet: Progress = { update() {}, stop() {} };

/** CI=true, CI=1, CI=anything but false/0: what CI runners set. */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}

export function progressBar(label: string, total: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!enabled || !stream.isTTY || onCi(env)) return quiet;
  const bar = new cliProgress.SingleBar(
    { format: `  ${label} [{bar}] {value}/{total} schedules · {rate}/s · eta {eta_formatted}`, stream, hideCursor: true, clearOnComplete: true, fps: 10, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let shown = started;
  bar.start(total, 0, { rate: '–' });
  return {
    // explore reports every 16 schedules; the rate's text is only worth making as often as the bar redraws.
    update: (n) => {
      const now = performance.now();
      if (now - shown < 100) return bar.update(Math.min(n, total));
      shown = now;
      bar.update(Math.min(n, total), { rate: Math.round(n / ((now - started) / 1000)).toLocaleString('en-US') });
    },
    stop: () => bar.stop(),
  };
}
