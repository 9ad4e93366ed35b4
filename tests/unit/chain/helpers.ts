/**
 * Shared pieces of the chain and sync tests: loaded primitives, deterministic device keys, and a
 * `TestDevice` that owns a tree, a clock and a blob store the way the store worker will.
 */
import { loadPrimitives } from '../../../src/core/crypto/primitives.ts';
import { loadSodium } from '../../../src/core/crypto/sodium.ts';
import type { DeviceKeys } from '../../../src/core/crypto/identity.ts';
import { HlcClock, type Hlc } from '../../../src/core/hlc.ts';
import { parseMemoryId, type MemoryId } from '@kiana/shared/ids';
import { toHex } from '../../../src/core/chain/bytes.ts';
import { recordChange, type MemoryChange } from '../../../src/core/chain/changes.ts';
import { signerFromKeys, type Signer } from '../../../src/core/chain/hashing.ts';
import { sealGenesis, sealPending } from '../../../src/core/chain/sealer.ts';
import { ChainTree } from '../../../src/core/chain/tree.ts';
import { createTx } from '../../../src/core/chain/tx.ts';
import type { Block, Tx } from '../../../src/core/chain/types.ts';
import type { ContentStore } from '../../../src/core/sync/types.ts';

export const prims = await loadPrimitives();
const sodium = await loadSodium();

/** The key material of device number `n`, the same in every run. */
export function deviceKeys(n: number): DeviceKeys {
  const seed = new Uint8Array(32).fill(0);
  new DataView(seed.buffer).setUint32(0, n + 1);
  const sign = sodium.crypto_sign_seed_keypair(seed);
  const box = sodium.crypto_box_seed_keypair(seed);
  return {
    deviceId: prims.deviceIdOf(sign.publicKey),
    signPublicKey: sign.publicKey,
    signSecretKey: sign.privateKey,
    boxPublicKey: box.publicKey,
    boxSecretKey: box.privateKey,
  };
}

/** A blob store in a Map, keyed by hex hash. */
export class MapContentStore implements ContentStore {
  readonly blobs = new Map<string, Uint8Array>();
  get(hash: Uint8Array): Uint8Array | undefined {
    return this.blobs.get(toHex(hash));
  }
  has(hash: Uint8Array): boolean {
    return this.blobs.has(toHex(hash));
  }
  put(hash: Uint8Array, bytes: Uint8Array): void {
    this.blobs.set(toHex(hash), bytes);
  }
  delete(hash: Uint8Array): void {
    this.blobs.delete(toHex(hash));
  }
}

/** Memory id number `n`, readable in failures. */
export function memoryId(n: number): MemoryId {
  return parseMemoryId(`m${n}`);
}

/** One simulated device: keys, a wall clock it may skew, an HLC, a chain tree and blobs. */
export class TestDevice {
  readonly keys: DeviceKeys;
  readonly signer: Signer;
  readonly tree: ChainTree;
  readonly contents = new MapContentStore();
  readonly hlc: HlcClock;
  /** Every transaction this device created, for oracles. */
  readonly created: Tx[] = [];
  wallMs: number;

  constructor(n: number, startMs = 1_700_000_000_000) {
    this.keys = deviceKeys(n);
    this.signer = signerFromKeys(prims, this.keys);
    this.tree = new ChainTree(prims);
    this.wallMs = startMs;
    this.hlc = new HlcClock(this.keys.deviceId, () => this.wallMs);
  }

  get id(): string {
    return this.keys.deviceId;
  }

  /** Starts a new set of devices with this one as the first authority. */
  genesis(): Block {
    const hlc = this.hlc.tick();
    return sealGenesis(
      this.tree,
      this.signer,
      { boxKey: this.keys.boxPublicKey, name: `d` },
      hlc,
      this.wallMs,
    );
  }

  /** Seals `txs` (and any re-inclusions) on this device's head. */
  seal(txs: readonly Tx[] = []): Block[] {
    return sealPending(this.tree, this.signer, txs, this.wallMs).blocks;
  }

  /** Signs a transaction of any kind at the next clock tick. */
  tx(body: Tx['body']): Tx {
    const tx = createTx(prims, this.signer, this.hlc.tick(), body);
    this.created.push(tx);
    return tx;
  }

  /** Pairs `other` as an authority by a device-add transaction sealed here. */
  add(other: TestDevice): Block[] {
    const tx = this.tx({
      kind: 'device-add',
      signKey: other.keys.signPublicKey,
      boxKey: other.keys.boxPublicKey,
      name: `device ${other.id.slice(0, 4)}`,
    });
    return this.seal([tx]);
  }

  /** Records a memory change: transactions signed, blobs stored, block sealed. */
  change(change: MemoryChange): Block[] {
    const record = recordChange(prims, this.signer, () => this.hlc.tick(), change);
    for (const c of record.contents) this.contents.put(c.hash, c.bytes);
    this.created.push(...record.txs);
    return this.seal(record.txs);
  }

  /**
   * What the store worker does after blocks arrived: follow the clocks seen, erase blobs the
   * merge no longer needs, and re-include transactions of branches that lost.
   */
  settle(): Block[] {
    let latest: Hlc | null = null;
    for (const e of this.tree.entries()) {
      for (const tx of e.block.txs) if (!latest || tx.hlc.wallMs > latest.wallMs) latest = tx.hlc;
    }
    if (latest) this.hlc.receive(latest);
    for (const hash of this.tree.content().erase.values()) this.contents.delete(hash);
    return this.seal();
  }
}
