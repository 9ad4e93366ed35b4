/**
 * Long audio in Whisper-sized pieces. Whisper hears 30 s at a time. Speech segments (from the
 * VAD) are packed into chunks of at most 30 s, cut at pauses, so most cuts fall where nobody
 * speaks; a segment longer than 30 s is cut into windows that overlap by a few seconds, and the
 * words the two windows both heard are kept once (`mergeOverlap`).
 */
import { SAMPLE_RATE } from './resample.ts';
import type { Segment } from './vad.ts';

export const CHUNK_SECONDS = 30;
export const OVERLAP_SECONDS = 5;

/** A piece of the recording to transcribe: [start, end) in samples. */
export interface Chunk {
  readonly start: number;
  readonly end: number;
  /** True when it begins inside the previous chunk (a cut through speech). */
  readonly overlapsPrevious: boolean;
}

/** Packs speech segments into chunks of at most `maxSamples`, overlapping only inside speech. */
export function planChunks(
  segments: readonly Segment[],
  maxSamples = CHUNK_SECONDS * SAMPLE_RATE,
  overlapSamples = OVERLAP_SECONDS * SAMPLE_RATE,
): Chunk[] {
  if (overlapSamples >= maxSamples) throw new RangeError('overlap must be shorter than a chunk');
  const chunks: Chunk[] = [];
  let open: { start: number; end: number } | null = null;
  const close = () => {
    if (open) chunks.push({ ...open, overlapsPrevious: false });
    open = null;
  };
  for (const s of segments) {
    if (s.end - s.start > maxSamples) {
      close();
      for (let start = s.start; ; start += maxSamples - overlapSamples) {
        const end = Math.min(s.end, start + maxSamples);
        chunks.push({ start, end, overlapsPrevious: start > s.start });
        if (end === s.end) break;
      }
    } else if (open && s.end - open.start <= maxSamples) {
      open.end = s.end;
    } else {
      close();
      open = { start: s.start, end: s.end };
    }
  }
  close();
  return chunks;
}

/**
 * Joins `next` to `previous` when both heard the same stretch: the longest run of words (up to
 * `maxWords`) that ends `previous` and starts `next` is kept once. Case and punctuation are
 * ignored when comparing.
 */
export function mergeOverlap(previous: string, next: string, maxWords = 20): string {
  const a = previous.trim().split(/\s+/).filter(Boolean);
  const b = next.trim().split(/\s+/).filter(Boolean);
  const key = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  for (let n = Math.min(maxWords, a.length, b.length); n > 0; n--) {
    const tail = a.slice(a.length - n).map(key);
    const head = b.slice(0, n).map(key);
    if (tail.every((w, i) => w === head[i])) return [...a, ...b.slice(n)].join(' ');
  }
  return [...a, ...b].join(' ');
}
