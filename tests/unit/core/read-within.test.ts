import { describe, expect, it } from 'vitest';
import { readWithin } from '../../../src/core/read-within.ts';

const stalled = () => new Error('stalled');

describe('readWithin', () => {
  it('passes chunks through while they keep coming', async () => {
    const reader = new ReadableStream<number>({
      start(controller) {
        controller.enqueue(1);
        controller.enqueue(2);
        controller.close();
      },
    }).getReader();
    expect((await readWithin(reader, 50, stalled)).value).toBe(1);
    expect((await readWithin(reader, 50, stalled)).value).toBe(2);
    expect((await readWithin(reader, 50, stalled)).done).toBe(true);
  });

  it('fails a read that gets nothing in time, and cancels the stream', async () => {
    let cancelled = false;
    const reader = new ReadableStream<number>({
      start(controller) {
        controller.enqueue(1); // then nothing, and no close: a stalled connection
      },
      cancel() {
        cancelled = true;
      },
    }).getReader();
    expect((await readWithin(reader, 50, stalled)).value).toBe(1);
    await expect(readWithin(reader, 50, stalled)).rejects.toThrow('stalled');
    expect(cancelled).toBe(true);
  });
});
