/**
 * The pairing link: `<companion origin>/#/devices/pair?v=1&s=<secret>&f=<fingerprint>`. The
 * one-time secret and the inviter's key fingerprint sit in the URL fragment, which browsers never
 * send to a server, so the companion that serves the app never learns them. The fingerprint is
 * the inviter's device id (BLAKE2b of its signing key): the joiner refuses an inviter whose key
 * does not hash to it.
 */
import { isDeviceId, type DeviceId } from '../ids.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { reject } from './check.ts';

/** Bytes of the one-time secret: 256 bits, far beyond guessing within five minutes. */
export const INVITE_SECRET_BYTES = 32;
/** The hash route the link opens. */
export const INVITE_ROUTE = '#/devices/pair';

export interface Invite {
  /** Where the app and the companion are, e.g. `https://kiana.local:8443`. */
  readonly origin: string;
  readonly secret: Uint8Array;
  readonly fingerprint: DeviceId;
}

/** The link for `invite`. */
export function formatInvite(invite: Invite): string {
  const params = new URLSearchParams({
    v: '1',
    s: toBase64Url(invite.secret),
    f: invite.fingerprint,
  });
  return `${new URL(invite.origin).origin}/${INVITE_ROUTE}?${params.toString()}`;
}

/** True when `hash` (a location hash) is a pairing link's fragment, valid or not. */
export function isInviteHash(hash: string): boolean {
  return hash === INVITE_ROUTE || hash.startsWith(`${INVITE_ROUTE}?`);
}

/**
 * Parses a pairing link (the whole URL).
 *
 * @throws KianaError `bad-message` when it is not a well-formed pairing link
 */
export function parseInvite(link: string): Invite {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return reject('invite: not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') reject('invite: not http(s)');
  if (!isInviteHash(url.hash)) reject('invite: not a pairing link');
  const params = new URLSearchParams(url.hash.slice(INVITE_ROUTE.length + 1));
  if (params.get('v') !== '1') reject('invite: unknown version');
  const fingerprint = params.get('f');
  if (!isDeviceId(fingerprint)) reject('invite: bad fingerprint');
  const secret = fromBase64Url(params.get('s'), INVITE_SECRET_BYTES, 'invite secret');
  return { origin: url.origin, secret, fingerprint };
}
