/**
 * A progress bar on stderr for interactive terminals only: quiet when stderr is not a TTY (CI logs,
 * pipes) or when the output is JSON, so logs stay greppable and JSON stays parseable.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(schedules: number): void;
  stop(): void;
}

const quiet: Progress = { update() {}, stop() {} };

export function progressBar(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return quiet;
  const bar = new cliProgress.SingleBar(
    { format: `  ${label} [{bar}] {value}/{total} schedules · {rate}/s · eta {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 10, etaBuffer: 50 },
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
