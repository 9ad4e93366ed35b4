/** Real keys and parties for the pairing and mesh unit tests (real libsodium, no fakes). */
import { generateDeviceKeys } from '../../../src/core/crypto/identity.ts';
import { loadExchange } from '../../../src/core/crypto/exchange.ts';
import { loadPrimitives } from '../../../src/core/crypto/primitives.ts';
import type { HandshakeCrypto } from '../../../src/core/pairing/handshake.ts';
import type { LocalParty } from '../../../src/core/pairing/types.ts';

export async function crypto(): Promise<HandshakeCrypto> {
  return { primitives: await loadPrimitives(), exchange: await loadExchange() };
}

export async function party(name: string): Promise<LocalParty> {
  const keys = await generateDeviceKeys();
  return { ...keys, name };
}

/** A DTLS-looking fingerprint made of one repeated byte. */
export function fp(byte: number): string {
  const hex = byte.toString(16).padStart(2, '0').toUpperCase();
  return `sha-256 ${Array.from({ length: 32 }, () => hex).join(':')}`;
}
