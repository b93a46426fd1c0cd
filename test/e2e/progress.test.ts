import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';

function io(stderrIsTTY: boolean) {
  const written: string[] = [];
  return { written, io: { cwd: '/', stdout: () => {}, stderr: (t: string) => written.push(t), color: false, stderrIsTTY } };
}

describe('the progress line', () => {
  const ci = process.env['CI'];
  afterEach(() => {
    vi.useRealTimers();
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
  });

  it('appears on a terminal after a second, and is cleared before the report', () => {
    delete process.env['CI'];
    vi.useFakeTimers();
    const { written, io: terminal } = io(true);
    const progress = startProgress(terminal, true);
    vi.advanceTimersByTime(999);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\r\u001b\[Ksls-lint: analysing… \d+s$/);
    progress.stop();
    expect(written.at(-1)).toBe('\r\u001b[K');
  });

  it.each([
    ['stderr is not a terminal', false, true, undefined],
    ['the output is machine-readable', true, false, undefined],
    ['CI is set', true, true, 'true'],
  ])('never appears when %s', (_, tty, human, ciValue) => {
    if (ciValue === undefined) delete process.env['CI'];
    else process.env['CI'] = ciValue;
    vi.useFakeTimers();
    const { written, io: stream } = io(tty);
    const progress = startProgress(stream, human);
    vi.advanceTimersByTime(5000);
    progress.stop();
    expect(written).toEqual([]);
  });
});
