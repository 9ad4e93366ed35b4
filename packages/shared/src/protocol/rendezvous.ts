/**
 * Rendezvous tokens: how two paired devices find each other on a LAN without telling the
 * companion who they are. Each device derives the same opaque token from the pairing secret they
 * share and the current time epoch; the companion sees only tokens that change every epoch, so it
 * cannot link a device across epochs or learn a name, and nobody without the secret can compute
 * the next token.
 */
import { base32 } from '../ids.ts';
import { reject } from './check.ts';

declare const tokenBrand: unique symbol;
/** 128 bits of HMAC output as 26 lowercase base32 characters. */
export type RendezvousToken = string & { readonly [tokenBrand]: 'RendezvousToken' };

/** Web Crypto's SubtleCrypto, named through the global so Node-only builds need no DOM types. */
type Subtle = typeof globalThis.crypto.subtle;

/** Tokens rotate every ten minutes: short enough to stop tracking, long enough to be cheap. */
export const RENDEZVOUS_EPOCH_MS = 10 * 60 * 1000;

/** Pairing secrets shorter than this are refused: a token must not be guessable. */
export const MIN_SECRET_BYTES = 16;

const TOKEN = /^[a-z2-7]{26}$/;
// Domain separation: the same secret may key other HMACs (e.g. the pairing hello) later.
const CONTEXT = new TextEncoder().encode('kiana/rendezvous/v1');

/** True when `value` has the shape of a rendezvous token. */
export function isRendezvousToken(value: unknown): value is RendezvousToken {
  return typeof value === 'string' && TOKEN.test(value);
}

/** Brands `value` as a token, or throws `bad-message`. */
export function parseRendezvousToken(value: unknown): RendezvousToken {
  if (!isRendezvousToken(value)) reject('not a rendezvous token');
  return value;
}

/** The epoch that contains `nowMs` (milliseconds since the Unix epoch). */
export function rendezvousEpoch(nowMs: number, epochMs: number = RENDEZVOUS_EPOCH_MS): number {
  return Math.floor(nowMs / epochMs);
}

/**
 * The two epochs whose tokens a device announces at `nowMs`: the current one and whichever
 * neighbour is nearer. Two devices whose clocks differ by less than half an epoch therefore
 * always share at least one epoch (and so one token), even across an epoch boundary.
 */
export function announcedEpochs(
  nowMs: number,
  epochMs: number = RENDEZVOUS_EPOCH_MS,
): readonly [number, number] {
  const first = Math.floor(nowMs / epochMs - 0.5);
  return [first, first + 1];
}

/**
 * Derives the token for one pairing secret and one epoch:
 * the first 16 bytes of HMAC-SHA-256(secret, "kiana/rendezvous/v1" ‖ 0x00 ‖ uint64be(epoch)),
 * in lowercase base32.
 *
 * @param secret the pairing secret both devices hold (at least {@link MIN_SECRET_BYTES})
 * @param subtle Web Crypto; the global one exists in browsers, workers and Node ≥ 19
 * @throws KianaError `bad-message` when the secret is too short or the epoch is not a safe
 *   non-negative integer
 */
export async function deriveRendezvousToken(
  secret: Uint8Array,
  epoch: number,
  subtle: Subtle = globalThis.crypto.subtle,
): Promise<RendezvousToken> {
  if (secret.length < MIN_SECRET_BYTES) reject('pairing secret too short');
  if (!Number.isSafeInteger(epoch) || epoch < 0) reject('bad epoch');
  const message = new Uint8Array(CONTEXT.length + 9);
  message.set(CONTEXT, 0);
  new DataView(message.buffer).setBigUint64(CONTEXT.length + 1, BigInt(epoch));
  const key = await subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await subtle.sign('HMAC', key, message));
  return base32(mac.subarray(0, 16)) as RendezvousToken;
}

/**
 * The tokens a device announces now for each of its pairing secrets: two per secret (see
 * {@link announcedEpochs}), deduplicated, in a stable order.
 */
export async function currentRendezvousTokens(
  secrets: readonly Uint8Array[],
  nowMs: number,
  epochMs: number = RENDEZVOUS_EPOCH_MS,
  subtle: Subtle = globalThis.crypto.subtle,
): Promise<RendezvousToken[]> {
  const epochs = announcedEpochs(nowMs, epochMs);
  const tokens = await Promise.all(
    secrets.flatMap((secret) => epochs.map((e) => deriveRendezvousToken(secret, e, subtle))),
  );
  return [...new Set(tokens)];
}
