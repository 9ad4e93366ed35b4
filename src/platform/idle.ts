/**
 * Runs `task` once the page is idle: after the first paint and the work queued with it, so
 * background preparation (loading a model) never delays the shell. Safari has no
 * `requestIdleCallback`; there a timer after the current work stands in for it.
 */
export function whenIdle(task: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(() => task(), { timeout: timeoutMs });
  } else {
    setTimeout(task, 0);
  }
}
