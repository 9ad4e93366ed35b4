/**
 * Where a sync session's time goes — applying in memory, committing to SQLite, adopting the
 * chain at the end — logged once for a session that moved much (a first sync), so a slow join
 * can be read off the worker's console and the bench can split its figure.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { Ended } from './sync-hub.ts';

/** Milliseconds a session spent, by step (the log line at its end says where sync time goes). */
export interface Spent {
  readonly start: number;
  messages: number;
  /** Decoding, validating and applying in memory (the sync session). */
  apply: number;
  /** Writing what was applied: blocks, blobs, projected rows (SQLite). */
  commit: number;
}

export function newSpent(start: number): Spent {
  return { start, messages: 0, apply: 0, commit: 0 };
}

/** One line for a session that moved much: a first sync's figures, for diagnosis and the bench. */
export function logSpent(peer: DeviceId, ended: Ended, spent: Spent, adopt: number): void {
  const { blocksReceived: blocks, contentsReceived: blobs } = ended.report;
  if (blocks + blobs < 1000) return;
  const ms = (n: number) => Math.round(n);
  console.info(
    `[sync] session with ${peer}${ended.candidate ? ' (join)' : ''}: ${blocks} blocks, ` +
      `${blobs} blobs, ${spent.messages} messages in ${ms(performance.now() - spent.start)} ms; ` +
      `apply ${ms(spent.apply)} ms, commit ${ms(spent.commit)} ms, then ${ms(adopt)} ms to adopt or settle`,
  );
}
