/**
 * The authenticated hello, sent only once both sides proved they hold a pairing (opening.ts).
 * Each side signs its key, name and session together with both DTLS fingerprints and both
 * challenge nonces of the channel as it sees them. The receiver checks the signature against
 * the fingerprints and nonces *it* sees (swapped): a relay that terminated DTLS would make them
 * differ, so a hello cannot be carried from one connection to another.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { MESH_VERSION, type HelloMessage } from '@kiana/shared/protocol/mesh';
import { lengthPrefixed } from '../pairing/transcript.ts';
import type { LocalParty } from '../pairing/types.ts';
import type { ChannelView } from './opening-bytes.ts';

function signedBytes(
  key: Uint8Array,
  name: string,
  session: string,
  sender: { fingerprint: string; nonce: Uint8Array },
  receiver: { fingerprint: string; nonce: Uint8Array },
): Uint8Array {
  return lengthPrefixed([
    'kiana/mesh/hello/v2',
    key,
    name,
    session,
    sender.fingerprint,
    receiver.fingerprint,
    sender.nonce,
    receiver.nonce,
  ]);
}

/** Our hello for a channel seen as `view` (fingerprints and nonces as this side sees them). */
export function makeHello(
  p: Primitives,
  me: LocalParty,
  session: string,
  view: ChannelView,
): HelloMessage {
  const bytes = signedBytes(me.signPublicKey, me.name, session, view.local, view.remote);
  return {
    t: 'hello',
    v: MESH_VERSION,
    key: me.signPublicKey,
    name: me.name,
    session,
    sig: p.sign(me.signSecretKey, bytes),
  };
}

/** True when `hello` was signed by its key for this very channel (`view` as we see it). */
export function checkHello(p: Primitives, hello: HelloMessage, view: ChannelView): boolean {
  const bytes = signedBytes(hello.key, hello.name, hello.session, view.remote, view.local);
  return p.verify(hello.key, bytes, hello.sig);
}
