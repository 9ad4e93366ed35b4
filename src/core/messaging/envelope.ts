/**
 * What a message says, inside the ratchet's encryption: the sender's counter in the conversation
 * and a typed body. JSON, because the body is small and a later kind (a file announcement, whose
 * chunks travel separately) adds a field rather than a format. A peer that can encrypt to us is
 * paired but may still be hostile, so every field is checked after decryption.
 */
import { KianaError } from '@kiana/shared/errors';
import { cleanTags, cleanText } from '@kiana/shared/clean-text';
import { fromHex, toHex, utf8 } from '../chain/bytes.ts';
import { checkFileBody, FILE_KEY_BYTES, type FileBody } from './files.ts';

export const ENVELOPE_VERSION = 1;
/** Longest text of one message, in UTF-16 units (a memory's limit too). */
export const MAX_MESSAGE_TEXT = 100_000;

/** A body a person writes: plain text, or a memory offered (kept there only if they choose). */
export type WrittenBody =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'memory'; readonly text: string; readonly tags: readonly string[] };

/** Any body: written, or a file announcement (files.ts). */
export type MessageBody = WrittenBody | FileBody;

export type MessageKind = MessageBody['kind'];

export interface Envelope {
  /** The sender's number for this message in the conversation, from 1. */
  readonly counter: number;
  readonly body: MessageBody;
  /** A file's key (a `file` body only): the one secret its chunks need. */
  readonly fileKey?: Uint8Array;
  /**
   * A note to self written on another of my devices (`"s":1`); accepted only from a My device,
   * and kept in Note to self rather than in that device's conversation.
   */
  readonly self?: boolean;
}

function wireBody(b: MessageBody): Record<string, unknown> {
  if (b.kind === 'text') return { k: 'text', text: b.text };
  if (b.kind === 'memory') return { k: 'memory', text: b.text, tags: b.tags };
  const { kind, ...fields } = b;
  return { k: kind, ...fields };
}

export function encodeEnvelope(e: Envelope): Uint8Array {
  const key = e.fileKey ? { key: toHex(e.fileKey) } : {};
  const self = e.self ? { s: 1 } : {};
  return utf8(
    JSON.stringify({ v: ENVELOPE_VERSION, c: e.counter, ...self, ...wireBody(e.body), ...key }),
  );
}

const bad = (why: string): never => {
  throw new KianaError('bad-message', `message: ${why}`);
};

/** Checks and cleans a body (from a peer's envelope or from disk); `k` names its kind. */
export function checkBody(v: unknown): MessageBody {
  if (typeof v !== 'object' || v === null) return bad('no body');
  const o = v as Record<string, unknown>;
  if (o['k'] === 'file') return checkFileBody(o);
  return checkWritten(o);
}

/** Checks a text or memory body (what `messages.send` takes from our own UI). */
export function checkWritten(o: Record<string, unknown>): WrittenBody {
  const text = o['text'];
  if (typeof text !== 'string' || text.length > MAX_MESSAGE_TEXT) return bad('text');
  const clean = cleanText(text);
  if (clean.trim() === '') return bad('empty text');
  if (o['k'] === 'text') return { kind: 'text', text: clean };
  if (o['k'] === 'memory') {
    const tags = o['tags'];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) return bad('tags');
    return { kind: 'memory', text: clean, tags: cleanTags(tags as string[]) };
  }
  return bad(`unknown kind ${String(o['k'])}`);
}

/** Parses decrypted bytes; `bad-message` for anything but a version-1 envelope. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('not JSON');
  }
  if (typeof v !== 'object' || v === null) return bad('not an object');
  const o = v as Record<string, unknown>;
  if (o['v'] !== ENVELOPE_VERSION) return bad(`version ${String(o['v'])}`);
  const counter = o['c'];
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 1) {
    return bad('counter');
  }
  const body = checkBody(o);
  const self = o['s'] === 1 ? { self: true } : {};
  if (body.kind !== 'file') return { counter, body, ...self };
  const key = o['key'];
  if (typeof key !== 'string' || !/^[0-9a-f]{64}$/.test(key)) return bad('file key');
  const fileKey = fromHex(key);
  if (fileKey.length !== FILE_KEY_BYTES) return bad('file key');
  return { counter, body, fileKey, ...self };
}
