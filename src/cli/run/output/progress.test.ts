import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRunProgress } from './progress.js';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  const stream = { isTTY, columns, write: (chunk: string) => writes.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe('startRunProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-03T16:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws a bar on a terminal after a second and erases it when finished', () => {
    const { stream, writes } = fakeStream(true);
    const progress = startRunProgress(stream);
    progress.phase('tier 1 m1', 5, 10);
    vi.advanceTimersByTime(800);
    expect(writes).toEqual([]); // quick runs stay clean
    vi.advanceTimersByTime(400);
    expect(writes.at(-1)).toBe('\r\x1b[Kassay: tier 1 m1 [##########----------] 5/10 (1 s)');
    progress.phase('tier 2\nm1', 4, 4);
    vi.advanceTimersByTime(1000);
    expect(writes.at(-1)).toBe('\r\x1b[Kassay: tier 2 m1 [####################] 4/4 (2 s)');
    progress.finish();
    expect(writes.at(-1)).toBe('\r\x1b[K');
    const count = writes.length;
    vi.advanceTimersByTime(5000);
    progress.finish();
    expect(writes).toHaveLength(count);
  });

  it('fits the line to the terminal width', () => {
    const { stream, writes } = fakeStream(true, 30);
    const progress = startRunProgress(stream);
    progress.phase('sufficiency of a model with a long name', 1, 3);
    vi.advanceTimersByTime(1200);
    expect(writes.at(-1)).toBe('\r\x1b[Kassay: sufficiency of a model');
    progress.finish();
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const progress = startRunProgress(stream);
    progress.phase('tier 1 m1', 1, 2);
    vi.advanceTimersByTime(5000);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('writes nothing when finished before a second', () => {
    const { stream, writes } = fakeStream(true);
    const progress = startRunProgress(stream);
    progress.phase('tier 1 m1', 1, 2);
    vi.advanceTimersByTime(500);
    progress.finish();
    expect(writes).toEqual([]);
  });
});
