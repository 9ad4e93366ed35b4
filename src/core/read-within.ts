/**
 * One read of a stream that must deliver within `ms`: a connection can stall without ever
 * failing (a phone walks out of Wi-Fi range, a laptop sleeps), and a plain `read()` then waits
 * forever. On a stall the stream is cancelled and the read fails with `stalled()`'s error.
 */
export async function readWithin<T>(
  reader: ReadableStreamDefaultReader<T>,
  ms: number,
  stalled: () => Error,
): Promise<ReadableStreamReadResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(stalled());
      void reader.cancel().catch(() => undefined);
    }, ms);
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
