/**
 * The authenticated hello that opens every mesh channel. Each side signs its key, name and
 * session together with both DTLS fingerprints of the channel as it sees them. The receiver
 * checks the signature against the fingerprints *it* sees (swapped): a relay that terminated DTLS
 * would make them differ, so a hello cannot be carried from one connection to another.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { MESH_VERSION, type HelloMessage } from '../protocol/mesh.ts';
import { lengthPrefixed } from '../pairing/transcript.ts';
import type { ChannelBinding, LocalParty } from '../pairing/types.ts';

function signedBytes(
  key: Uint8Array,
  name: string,
  session: string,
  senderFingerprint: string,
  receiverFingerprint: string,
): Uint8Array {
  return lengthPrefixed([
    'kiana/mesh/hello/v1',
    key,
    name,
    session,
    senderFingerprint,
    receiverFingerprint,
  ]);
}

/** Our hello for a channel with `binding` (fingerprints as this side sees them). */
export function makeHello(
  p: Primitives,
  me: LocalParty,
  session: string,
  binding: ChannelBinding,
): HelloMessage {
  const bytes = signedBytes(me.signPublicKey, me.name, session, binding.local, binding.remote);
  return {
    t: 'hello',
    v: MESH_VERSION,
    key: me.signPublicKey,
    name: me.name,
    session,
    sig: p.sign(me.signSecretKey, bytes),
  };
}

/** True when `hello` was signed by its key for this very channel (`binding` as we see it). */
export function checkHello(p: Primitives, hello: HelloMessage, binding: ChannelBinding): boolean {
  const bytes = signedBytes(hello.key, hello.name, hello.session, binding.remote, binding.local);
  return p.verify(hello.key, bytes, hello.sig);
}
