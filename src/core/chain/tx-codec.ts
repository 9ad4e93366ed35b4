/**
 * The canonical encoding of transactions (docs/PROTOCOL.md, "Transaction encoding"):
 *
 *     u8 version ‖ u8 kind ‖ authorKey[32] ‖ u48 hlc.wallMs ‖ u16 hlc.counter ‖ body ‖ signature[64]
 *
 * `decodeTx` accepts exactly the bytes `encodeTx` produces and nothing else; every failure is a
 * `tx-malformed` KianaError.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { normalizeDisplayName } from '../crypto/device-name.ts';
import { KianaError } from '@kiana/shared/errors';
import type { Hlc } from '../hlc.ts';
import { isMemoryId, type MemoryId } from '@kiana/shared/ids';
import { MEMORY_SOURCES } from '../memory/types.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { merkleOf } from './hashing.ts';
import {
  CHAIN_VERSION,
  HASH_BYTES,
  KEY_BYTES,
  MAX_DEVICE_NAME,
  MAX_TX_BYTES,
  SIGNATURE_BYTES,
} from './limits.ts';
import { TX_KINDS, type Tx, type TxBody, type TxKind } from './types.ts';

/** Model ids: a conservative alphabet, like memory ids. */
const MODEL_ID = /^[A-Za-z0-9._-]{1,64}$/;

function kindByte(kind: TxKind): number {
  return TX_KINDS.indexOf(kind) + 1;
}

function writeBody(w: ByteWriter, body: TxBody): void {
  switch (body.kind) {
    case 'memory-put':
      w.str8(body.memory).u8(MEMORY_SOURCES.indexOf(body.source));
      w.fixed(body.textHash, HASH_BYTES).fixed(body.tagsHash, HASH_BYTES);
      return;
    case 'memory-edit':
      w.str8(body.memory).fixed(body.textHash, HASH_BYTES);
      return;
    case 'memory-delete':
      w.str8(body.memory);
      return;
    case 'memory-tag':
      w.str8(body.memory).fixed(body.tagsHash, HASH_BYTES);
      return;
    case 'device-add':
      w.fixed(body.signKey, KEY_BYTES).fixed(body.boxKey, KEY_BYTES).str8(body.name);
      return;
    case 'device-remove':
      w.fixed(body.signKey, KEY_BYTES);
      return;
    case 'model-checkpoint':
      w.str8(body.model).u32(body.round).fixed(body.weightsHash, HASH_BYTES);
      return;
  }
}

/** The transaction without its signature: what the author signs (after the domain tag). */
export function encodeUnsignedTx(authorKey: Uint8Array, hlc: Hlc, body: TxBody): Uint8Array {
  const w = new ByteWriter(160);
  w.u8(CHAIN_VERSION).u8(kindByte(body.kind)).fixed(authorKey, KEY_BYTES);
  w.u48(hlc.wallMs).u16(hlc.counter);
  writeBody(w, body);
  return w.finish();
}

function readMemory(r: ByteReader): MemoryId {
  const id = r.str8();
  if (!isMemoryId(id)) return r.fail('not a memory id');
  return id;
}

function readBody(r: ByteReader, kind: TxKind): TxBody {
  switch (kind) {
    case 'memory-put': {
      const memory = readMemory(r);
      const source = MEMORY_SOURCES[r.u8()];
      if (source === undefined) return r.fail('unknown memory source');
      return { kind, memory, source, textHash: r.fixed(HASH_BYTES), tagsHash: r.fixed(HASH_BYTES) };
    }
    case 'memory-edit':
      return { kind, memory: readMemory(r), textHash: r.fixed(HASH_BYTES) };
    case 'memory-delete':
      return { kind, memory: readMemory(r) };
    case 'memory-tag':
      return { kind, memory: readMemory(r), tagsHash: r.fixed(HASH_BYTES) };
    case 'device-add': {
      const signKey = r.fixed(KEY_BYTES);
      const boxKey = r.fixed(KEY_BYTES);
      const name = r.str8();
      // Only the normalised form is canonical, so a name has one encoding.
      if (normalizeDisplayName(name) !== name || Array.from(name).length > MAX_DEVICE_NAME) {
        r.fail('device name not normalised');
      }
      return { kind, signKey, boxKey, name };
    }
    case 'device-remove':
      return { kind, signKey: r.fixed(KEY_BYTES) };
    case 'model-checkpoint': {
      const model = r.str8();
      if (!MODEL_ID.test(model)) r.fail('not a model id');
      return { kind, model, round: r.u32(), weightsHash: r.fixed(HASH_BYTES) };
    }
  }
}

/**
 * Decodes one signed transaction, deriving its author id and its id (the RFC 6962 leaf hash of
 * the bytes). Checks the shape only; the signature and the author's rights are the validator's.
 * Throws `tx-malformed` on anything else, never another error.
 */
export function decodeTx(prims: Primitives, bytes: Uint8Array): Tx {
  const r = new ByteReader(bytes, 'tx-malformed');
  if (bytes.length > MAX_TX_BYTES) r.fail(`transaction of ${bytes.length} bytes`);
  if (r.u8() !== CHAIN_VERSION) r.fail('unknown transaction version');
  const kind = TX_KINDS[r.u8() - 1];
  if (kind === undefined) return r.fail('unknown transaction kind');
  const authorKey = r.fixed(KEY_BYTES);
  const wallMs = r.u48();
  const counter = r.u16();
  const body = readBody(r, kind);
  const signature = r.fixed(SIGNATURE_BYTES);
  r.end();
  const author = prims.deviceIdOf(authorKey);
  return {
    authorKey,
    author,
    hlc: { wallMs, counter, device: author },
    body,
    signature,
    bytes,
    id: merkleOf(prims).leafHash(bytes),
  };
}

/** Like `decodeTx`, but answers a `KianaError` instead of throwing. */
export function tryDecodeTx(prims: Primitives, bytes: Uint8Array): Tx | KianaError {
  try {
    return decodeTx(prims, bytes);
  } catch (error) {
    return error instanceof KianaError ? error : new KianaError('tx-malformed', String(error));
  }
}
