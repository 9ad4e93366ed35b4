/**
 * Content blobs: a memory's text and tags travel and are stored beside the chain, which records
 * only their SHA-256. Deleting a memory erases the blobs; the chain keeps hashes and tombstones.
 *
 *     blob = salt[16] ‖ u8 kind ‖ payload      kind 1: text, UTF-8      kind 2: u8 n ‖ n × str8 tag
 *
 * The random salt is why a hash left on the chain forgets: without it, a short note ("yes") could
 * be recovered from its hash by guessing. Once the blob (and so the salt) is erased, guessing is
 * hopeless.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import { bytesEqual } from '../merkle/index.ts';
import { ByteReader, ByteWriter, utf8 } from './bytes.ts';
import { CONTENT_SALT_BYTES, MAX_CONTENT_BYTES } from './limits.ts';

/** A blob and its hash, ready to store and to reference from a transaction. */
export interface Content {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/** A decoded blob. */
export type ContentValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tags'; readonly tags: readonly string[] };

const TEXT = 1;
const TAGS = 2;

function seal(prims: Primitives, kind: number, payload: Uint8Array): Content {
  const w = new ByteWriter(CONTENT_SALT_BYTES + 1 + payload.length);
  w.raw(prims.randomBytes(CONTENT_SALT_BYTES)).u8(kind).raw(payload);
  const bytes = w.finish();
  if (bytes.length > MAX_CONTENT_BYTES) {
    throw new KianaError('bad-message', `content of ${bytes.length} bytes`);
  }
  return { hash: prims.sha256(bytes), bytes };
}

/** The blob of a memory's text, with a fresh salt. */
export function textContent(prims: Primitives, text: string): Content {
  return seal(prims, TEXT, utf8(text));
}

/** The blob of a memory's tags (already normalised by `parseTags`), with a fresh salt. */
export function tagsContent(prims: Primitives, tags: readonly string[]): Content {
  const w = new ByteWriter();
  w.u8(tags.length);
  for (const tag of tags) w.str8(tag);
  return seal(prims, TAGS, w.finish());
}

/** True when `bytes` hash to `hash`: every blob from a peer is checked before it is stored. */
export function contentMatches(prims: Primitives, hash: Uint8Array, bytes: Uint8Array): boolean {
  return bytes.length <= MAX_CONTENT_BYTES && bytesEqual(prims.sha256(bytes), hash);
}

/** Reads a blob back into text or tags. Throws `bad-message` for anything malformed. */
export function decodeContent(bytes: Uint8Array): ContentValue {
  const r = new ByteReader(bytes, 'bad-message');
  if (bytes.length > MAX_CONTENT_BYTES) r.fail('content too large');
  r.fixed(CONTENT_SALT_BYTES);
  const kind = r.u8();
  if (kind === TEXT) {
    try {
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      return { kind: 'text', text: decoder.decode(bytes.subarray(r.offset)) };
    } catch {
      return r.fail('invalid UTF-8');
    }
  }
  if (kind !== TAGS) return r.fail('unknown content kind');
  const tags: string[] = [];
  for (let n = r.u8(); n > 0; n--) tags.push(r.str8());
  r.end();
  return { kind: 'tags', tags };
}
