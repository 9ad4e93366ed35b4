/**
 * The device's chain inside the store: the in-memory tree replayed from `chain_blocks`, the blobs
 * beside it, the transactions still waiting for a block, and the step that writes all of it —
 * blocks, blobs, erasures and the memories rows they imply — in the caller's SQL transaction.
 * Every change to memories is a signed transaction sealed into a block here; the memories table
 * is only ever written from the merged state (project.ts).
 */
import {
  MAX_FUTURE_SKEW_MS,
  decodeTx,
  createTx,
  recordChange,
  recordChanges,
  reinclusionOrder,
  sealGenesis,
  sealPending,
  type Block,
  type ChainTree,
  type ChangeRecord,
  type MemoryChange,
  type Signer,
  type Tx,
} from '../../../src/core/chain/index.ts';
import type { Content } from '../../../src/core/chain/content.ts';
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { Primitives } from '../../../src/core/crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import { hlcCompare, type Hlc, type HlcClock } from '../../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { Locked } from '../lock.ts';
import { deleteBlocks, insertBlock, loadBlocks } from '../tables/chain-blocks.ts';
import { loadPending, replacePending } from '../tables/chain-pending.ts';
import { BlobStore } from './blobs.ts';
import type { ChainIdentity } from '../../../src/core/api/store-types.ts';
import { projectViews, type Projected } from './project.ts';
import { RecordingTree } from './recording-tree.ts';

/** What one commit wrote. */
export interface Commit extends Projected {
  /** Blocks written (sealed here or received). */
  readonly blocks: number;
  /** Blobs erased: their text must now be wiped from the file too. */
  readonly erased: number;
}

/** What a ledger needs from the store. */
export interface LedgerDeps {
  readonly prims: Primitives;
  readonly signer: Signer;
  readonly identity: ChainIdentity;
  readonly clock: HlcClock;
  readonly now: () => number;
}

export class Ledger {
  readonly deps: LedgerDeps;
  #tree: RecordingTree;
  readonly blobs: BlobStore;
  /** Signed transactions no block on our chain carries yet, by hex id. */
  readonly #pending = new Map<string, Tx>();
  #pendingDirty = false;
  /** Memories shown only once a blob arrives, by the blob's hex hash. */
  readonly #waiting = new Map<string, MemoryId>();
  /** Memories whose blob has arrived since the last commit. */
  readonly #ready = new Set<MemoryId>();
  #erasedSeen = -1;

  private constructor(deps: LedgerDeps, tree: RecordingTree, blobs: BlobStore) {
    this.deps = deps;
    this.#tree = tree;
    this.blobs = blobs;
    blobs.onPut = (hex) => {
      const id = this.#waiting.get(hex);
      if (id === undefined) return;
      this.#waiting.delete(hex);
      this.#ready.add(id);
    };
  }

  /**
   * Replays the stored blocks (own storage: no signature checks, no future bound), reads blobs
   * and pending transactions, follows the clock past every transaction seen, and makes the
   * genesis if this device has no chain yet. The caller holds a transaction.
   */
  static async load(db: Locked, deps: LedgerDeps): Promise<Ledger> {
    const tree = new RecordingTree(deps.prims);
    for (const body of await loadBlocks(db)) {
      const result = tree.add(body, deps.now(), true);
      if (result.status === 'rejected') {
        // Only a damaged file gets here; the block is skipped, its branch re-synced from peers.
        console.warn('[chain] a stored block was refused:', result.error.code);
      }
    }
    tree.takeAdded();
    tree.takeChanges();
    const ledger = new Ledger(deps, tree, await BlobStore.load(db));
    for (const bytes of await loadPending(db)) {
      try {
        const tx = decodeTx(deps.prims, bytes);
        ledger.#pending.set(toHex(tx.id), tx);
      } catch (error) {
        console.warn('[chain] a stored pending transaction was refused:', String(error));
      }
    }
    ledger.#followClock(tree);
    if (tree.genesis === null) {
      const { identity, signer, clock } = deps;
      const name = identity.name;
      sealGenesis(tree, signer, { boxKey: identity.boxPublicKey, name }, clock.tick(), deps.now());
      tree.takeChanges();
    }
    return ledger;
  }

  get tree(): ChainTree {
    return this.#tree;
  }

  get self(): DeviceId {
    return this.deps.signer.id;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * The time to seal at: the wall clock, raised to the head's time. A clock set back must not stop
   * this device from sealing (its block would be "from the future" by its own clock); the block
   * takes its parent's time instead, which every peer has accepted already.
   */
  #sealNow(): number {
    return Math.max(this.deps.now(), this.#tree.head?.block.header.time ?? 0);
  }

  /** Moves the device's clock past every transaction of `tree`, so new writes order after them. */
  #followClock(tree: ChainTree): void {
    let latest: Hlc | null = null;
    for (const entry of tree.entries()) {
      for (const tx of entry.block.txs) {
        if (latest === null || hlcCompare(tx.hlc, latest) > 0) latest = tx.hlc;
      }
    }
    try {
      if (latest) this.deps.clock.receive(latest);
    } catch {
      // A clock far ahead (clock-drift) must not stop the store; blocks still order by parent.
    }
  }

  /**
   * Signs `changes` (at the device's clock, or at `at` for rows replayed from a file), stores
   * their blobs and seals them with anything pending. Returns the transactions made.
   */
  record(changes: readonly MemoryChange[], at?: (change: MemoryChange) => Hlc | undefined): Tx[] {
    const { prims, signer } = this.deps;
    const txs: Tx[] = [];
    const contents: Content[] = [];
    for (const change of changes) {
      const record = recordChange(prims, signer, this.#tickFor(at)(change), change);
      contents.push(...record.contents);
      txs.push(...record.txs);
    }
    return this.recordSigned({ txs, contents });
  }

  /**
   * Signs `changes` as one batch, ahead of `recordSigned` (a bulk write or an import chunk): the
   * clock moves now, in order, and the signatures are made together, off the calling thread
   * where the signer can. Changes nothing else.
   */
  sign(
    changes: readonly MemoryChange[],
    at?: (change: MemoryChange) => Hlc | undefined,
  ): Promise<ChangeRecord> {
    return recordChanges(this.deps.prims, this.deps.signer, this.#tickFor(at), changes);
  }

  /** Stores the blobs of signed changes and seals their transactions with anything pending. */
  recordSigned(record: ChangeRecord): Tx[] {
    for (const content of record.contents) this.blobs.put(content.hash, content.bytes);
    this.seal(record.txs);
    return record.txs;
  }

  /** The clock for a change: `at`'s stamp (the clock moves past it) or the device's next tick. */
  #tickFor(at?: (change: MemoryChange) => Hlc | undefined): (change: MemoryChange) => () => Hlc {
    const clock = this.deps.clock;
    return (change) => {
      const stamp = at?.(change);
      // A replayed stamp may lie ahead of the clock: move it past, so later writes order after.
      if (stamp) clock.receive(stamp);
      return stamp ? () => stamp : () => clock.tick();
    };
  }

  /** Signs a device-add for a paired device; false when the key is an authority already. */
  addDevice(device: { signKey: Uint8Array; boxKey: Uint8Array; name: string }): boolean {
    const { prims, signer, clock } = this.deps;
    const head = this.#tree.head;
    const id = prims.deviceIdOf(device.signKey);
    if (head?.members.get(id) !== undefined) return false;
    const tx = createTx(prims, signer, clock.tick(), { kind: 'device-add', ...device });
    this.seal([tx]);
    return true;
  }

  /**
   * Signs a device-remove of `device` (the person removed a lost or stolen device) and seals it.
   * Its blocks from then on are refused everywhere; what it wrote stays. False when it is no
   * active authority here, or is this device.
   */
  removeDevice(device: DeviceId): boolean {
    const { prims, signer, clock } = this.deps;
    const head = this.#tree.head;
    const member = head?.members.get(device);
    if (!head || !member || !head.members.isActive(device) || device === this.self) return false;
    // Dated at the head's time at least: a removal may not precede a block of the removed device
    // that this one builds on (tx-backdated), even when this device's clock lags.
    const time = head.block.header.time;
    const hlc = clock.receive({ wallMs: time, counter: 0, device: this.self });
    this.seal([createTx(prims, signer, hlc, { kind: 'device-remove', signKey: member.signKey })]);
    return this.#tree.head?.members.isActive(device) === false;
  }

  /**
   * Seals `txs`, everything pending and every re-inclusion into blocks on the head ("a device
   * seals whenever it has pending transactions"). What cannot go onto this chain yet stays
   * pending. Returns the blocks sealed. Throws `device-removed` for new writes on a device that
   * was removed: its blocks would be refused everywhere, so it keeps what it has and stops.
   */
  seal(txs: readonly Tx[] = []): Block[] {
    if (txs.length > 0 && !this.#tree.canSeal(this.self)) {
      throw new KianaError('device-removed', 'this device was removed from its set of devices');
    }
    const candidates = [...this.#pending.values(), ...txs].sort(reinclusionOrder);
    if (candidates.length === 0 && this.#tree.reinclusions().length === 0) return [];
    const { blocks, refused } = sealPending(
      this.#tree,
      this.deps.signer,
      candidates,
      this.#sealNow(),
    );
    const before = this.#pending.size;
    this.#pending.clear();
    for (const { tx, error } of refused) {
      // Device transactions that cannot apply here (a key added already) are redundant.
      if (tx.body.kind.startsWith('memory-')) this.#pending.set(toHex(tx.id), tx);
      else console.info('[chain] left out a device transaction:', error.code);
    }
    if (before > 0 || this.#pending.size > 0) this.#pendingDirty = true;
    return blocks;
  }

  /**
   * Makes `candidate` — another device's chain, downloaded whole, on which this device is an
   * authority — our chain. Our history is carried over: the authorities of our old chain are
   * added by us, and every transaction of our old chain is re-included (a transaction is signed by
   * its author, so it stays valid on any chain where its author is an authority). Returns false,
   * changing nothing, when this device is not an authority there (yet).
   */
  adopt(candidate: RecordingTree): boolean {
    const head = candidate.head;
    if (head === null || !head.members.isActive(this.self)) return false;
    const old = this.#tree;
    const { prims, signer, clock } = this.deps;
    this.#followClock(candidate);
    const carried: Tx[] = [];
    for (const entry of old.entries()) carried.push(...entry.block.txs);
    const readds: Tx[] = [];
    for (const member of old.head?.members.all() ?? []) {
      if (member.removedAt !== null || head.members.get(member.id) !== undefined) continue;
      if (candidate.revoked.has(member.id)) continue;
      const body = { signKey: member.signKey, boxKey: member.boxKey, name: member.name };
      readds.push(createTx(prims, signer, clock.tick(), { kind: 'device-add', ...body }));
    }
    this.#tree = candidate;
    this.#erasedSeen = -1;
    this.seal([...readds, ...carried.filter((tx) => tx.body.kind !== 'device-add')]);
    return true;
  }

  /** A fresh tree for downloading another device's chain before adopting it. */
  candidate(): RecordingTree {
    return new RecordingTree(this.deps.prims);
  }

  /**
   * Writes what changed in memory since the last commit — blocks, blobs, erasures, pending
   * transactions — and projects the affected memories into the memories table. `replaced`: the
   * whole chain was swapped (adoption), so every stored block is rewritten.
   */
  async commit(db: Locked, replaced = false): Promise<Commit> {
    const tree = this.#tree;
    const added = tree.takeAdded();
    if (replaced) {
      await deleteBlocks(db);
      added.length = 0;
      for (const entry of tree.entries()) added.push(entry.block);
    }
    for (const block of added) await insertBlock(db, block);
    const { erase } = tree.content();
    if (erase.size !== this.#erasedSeen) {
      for (const hex of erase.keys()) this.blobs.erase(hex);
      this.#erasedSeen = erase.size;
    }
    const erased = await this.blobs.flush(db);
    if (this.#pendingDirty) {
      await replacePending(db, this.#pending);
      this.#pendingDirty = false;
    }
    const changes = tree.takeChanges();
    const ids = new Set([...changes.ids, ...this.#ready]);
    this.#ready.clear();
    const views =
      changes.all || replaced ? tree.memories() : [...ids].flatMap((id) => tree.memory(id) ?? []);
    const projected = await projectViews(db, this.blobs, views, this.#waiting);
    return { ...projected, blocks: added.length, erased };
  }

  /** Drops changes not yet committed (the transaction writing them failed). */
  discard(): void {
    this.blobs.discard();
  }
}

/**
 * How far ahead of the wall clock a replayed row's time may be: half the chain's skew, so a
 * block sealed now (or by a peer whose clock lags a little) still carries the transaction.
 */
const REPLAY_AHEAD_MS = MAX_FUTURE_SKEW_MS / 2;

/**
 * A clock value for a row replayed from a file: its time, this device's id. Null when the row
 * lies further ahead than `REPLAY_AHEAD_MS`: such a transaction no block may carry (tx-future),
 * and the clock following it would date every later save beyond the chain's reach too.
 */
export function rebased(hlc: Hlc, device: DeviceId, now: number): Hlc | null {
  if (hlc.wallMs > now + REPLAY_AHEAD_MS) return null;
  return { wallMs: hlc.wallMs, counter: hlc.counter, device };
}

/** Thrown when an operation needs a memory the merged state does not show. */
export function notFound(id: MemoryId, why = 'no memory'): KianaError {
  return new KianaError('not-found', `${why} ${id}`);
}
