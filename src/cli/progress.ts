import type { CliIo } from './main.js';

/** Shown only after this long: a fast run should print nothing but its report. */
const DELAY_MS = 1000;

/**
 * A progress line on stderr for people watching a terminal: only when stderr is a TTY, never in CI,
 * and never alongside machine-readable output. Cleared before the report prints.
 */
export function startProgress(io: CliIo, humanOutput: boolean): { stop(): void } {
  if (!humanOutput || !io.stderrIsTTY || process.env['CI']) return { stop() {} };
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    io.stderr(`\r\u001b[Ksls-lint: analysing… ${((Date.now() - started) / 1000).toFixed(0)}s`);
  }, DELAY_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
