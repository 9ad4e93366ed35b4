/**
 * How far a running pull has got, for the Devices list: first the blocks (the history: which
 * memories exist, who wrote what), then the blobs still missing (the memories' texts and tags).
 * A pull learns its target height from the first chunk and its blob count when the blocks are in,
 * so each phase has a true total once it starts; there is no estimate across phases.
 */

/** The phase of a pull and how much of it is done. `0 ≤ done ≤ total`, `total ≥ 1`. */
export interface SyncProgress {
  readonly phase: 'blocks' | 'contents';
  readonly done: number;
  readonly total: number;
}

/**
 * Progress of the blocks phase: blocks on the path from `baseHeight` (the last block both sides
 * share, −1 for none) to `targetHeight` (the peer's head), of which the one at `lastHeight` is
 * the latest applied. Null when there is nothing to fetch.
 */
export function blocksProgress(
  baseHeight: number,
  targetHeight: number,
  lastHeight: number,
): SyncProgress | null {
  const total = targetHeight - baseHeight;
  if (total <= 0) return null;
  return { phase: 'blocks', done: clamp(lastHeight - baseHeight, total), total };
}

/**
 * Progress of the blobs phase: `received` of the `missing` blobs counted when the phase began.
 * Null when none were missing.
 */
export function contentsProgress(missing: number, received: number): SyncProgress | null {
  if (missing <= 0) return null;
  return { phase: 'contents', done: clamp(received, missing), total: missing };
}

function clamp(n: number, total: number): number {
  return Math.min(total, Math.max(0, n));
}

/**
 * A progress value that crossed a port, if it is one: the phase known, both counts whole,
 * `0 ≤ done ≤ total` and `total ≥ 1`; anything else is no progress (null), never a broken bar.
 */
export function asSyncProgress(value: unknown): SyncProgress | null {
  if (typeof value !== 'object' || value === null) return null;
  const { phase, done, total } = value as Record<string, unknown>;
  if (phase !== 'blocks' && phase !== 'contents') return null;
  if (!Number.isSafeInteger(done) || !Number.isSafeInteger(total)) return null;
  const [d, t] = [done as number, total as number];
  return t >= 1 && d >= 0 && d <= t ? { phase, done: d, total: t } : null;
}
