/**
 * Counts connected clients. For now the server feeds it one entry per open HTTP connection;
 * the WebSocket signalling added later can feed the same counter so /healthz stays one number.
 */
export class ClientCounter {
  #open = 0;

  /** How many clients are connected right now. */
  get count(): number {
    return this.#open;
  }

  /**
   * Registers one client.
   *
   * @returns a release function; calling it more than once is harmless, so it can be wired to
   *   both `close` and `error` events without double counting
   */
  acquire(): () => void {
    this.#open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open -= 1;
    };
  }
}

/** The body of `GET /healthz`. */
export interface HealthReport {
  readonly status: 'ok';
  readonly version: string;
  /** Whole seconds since the server started listening. */
  readonly uptime: number;
  readonly clients: number;
  /** ISO 8601 time at which the server started listening. */
  readonly startedAt: string;
}

/**
 * Builds the health report.
 *
 * @param now injectable for tests; defaults to the current time
 */
export function healthReport(
  version: string,
  startedAt: Date,
  clients: ClientCounter,
  now: Date = new Date(),
): HealthReport {
  return {
    status: 'ok',
    version,
    uptime: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)),
    clients: clients.count,
    startedAt: startedAt.toISOString(),
  };
}
