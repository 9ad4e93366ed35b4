/**
 * A wake-up call that is never lost. A background loop that reads some state, works on it and
 * then sleeps until told "something changed" misses every change announced while it was busy
 * unless the announcement is remembered: the change landed after its read, the loop goes to sleep,
 * and the work waits for an unrelated later change (a memory saved during a backfill round stayed
 * unembedded that way). Here a `notify()` with no sleeper makes the next `wait()` return at once.
 */
export class Wakeup {
  #pending = false;
  #sleeper: (() => void) | null = null;

  /** Announces a change: wakes the sleeper, or the next `wait()` if nobody sleeps now. */
  notify(): void {
    const sleeper = this.#sleeper;
    if (sleeper === null) {
      this.#pending = true;
      return;
    }
    this.#sleeper = null;
    sleeper();
  }

  /**
   * Forgets changes announced so far. Call it right before reading the state they announce: a
   * change after the read is then still pending when the loop next waits.
   */
  clear(): void {
    this.#pending = false;
  }

  /**
   * Resolves at the next `notify()` (at once if one came since the last `clear()` or wait), or
   * after `timeoutMs` when given.
   */
  wait(timeoutMs?: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = () => {
        clearTimeout(timer);
        if (this.#sleeper === wake) this.#sleeper = null;
        resolve();
      };
      this.#sleeper = wake;
      if (timeoutMs !== undefined) timer = setTimeout(wake, timeoutMs);
    });
  }
}
