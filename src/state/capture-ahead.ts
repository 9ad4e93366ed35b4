/**
 * When Capture offers its draft for embedding ahead, kept apart from the rune-based state so the
 * bench (bench/pages/typing-bench.ts) types with the same timing.
 */

/**
 * A pause in typing this long offers the draft for embedding: longer than the gap between two
 * keystrokes of a person typing on a keyboard.
 */
export const DRAFT_PAUSE_MS = 300;
/**
 * A draft longer than this is not embedded on a mere pause (each pause would embed the whole
 * text again), only when Save comes near.
 */
export const PAUSE_MAX_CHARS = 1_000;

/** Where Capture offers its draft for embedding (the app's Backfill, which uses it). */
export interface DraftEmbedder {
  /** `near`: Save is near or pressed, not just a pause in typing. */
  offerDraft(text: string, near: boolean): void;
}
