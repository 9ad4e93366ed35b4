/**
 * Memory writes as chain transactions, and sync with peers, over one SQLite connection. Every
 * write is signed, sealed into a block and committed together with the memories rows it implies;
 * a failed commit reloads the chain from the file, so memory and disk never disagree. Every method
 * that touches the database takes the store's `Locked` handle (lock.ts); the rest is memory.
 */
import { toHex } from '../../../src/core/chain/bytes.ts';
import { theirsWins } from '../../../src/core/chain/chain-choice.ts';
import type { Hello } from '../../../src/core/sync/index.ts';
import type { ChangeRecord, MemoryChange } from '../../../src/core/chain/index.ts';
import type { Primitives } from '../../../src/core/crypto/primitives.ts';
import type { PreverifyingPrimitives } from '../../../src/core/crypto/web-verify.ts';
import { signaturesInFrame } from '../../../src/core/sync/preverify.ts';
import type { Emit } from '../../../src/core/api/contract.ts';
import type { StoreEvents } from '../../../src/core/api/store.ts';
import type { ChainIdentity, ChainInfo } from '../../../src/core/api/store-types.ts';
import { decodeHlc, type Hlc, type HlcClock } from '../../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { EditArgs, MemoriesChanged, Memory, PutArgs } from '../../../src/core/memory/types.ts';
import type { Locked } from '../lock.ts';
import { listPeers, recordPeer } from '../tables/chain-peers.ts';
import { checkpointTruncate } from '../tables/database.ts';
import { getMemory } from '../tables/memories.ts';
import { signerFor } from './identity.ts';
import { describeChain } from './info.ts';
import { Ledger, notFound, rebased, type Commit } from './ledger.ts';
import { SyncHub, type Ended } from './sync-hub.ts';
import { UndoCache } from './undo.ts';
import { logSpent, newSpent, type Spent } from './sync-timing.ts';

/** A change replayed from rows outside the chain, at its own clock value (none: the clock's). */
export interface ReplayChange {
  readonly change: MemoryChange;
  readonly at: Hlc | undefined;
}

/** What opening the chain needs. */
export interface ChainOptions {
  /** With `preverify` (loadPreverifyingPrimitives), sync checks signatures in batches. */
  readonly prims: Primitives | PreverifyingPrimitives;
  readonly device: DeviceId;
  readonly identity: ChainIdentity;
  readonly clock: HlcClock;
  readonly now: () => number;
  /** What the chain tells the tabs: changes, sync bytes for peers, a new head or peer state. */
  readonly emit: Emit<StoreEvents>;
}

/** Least time between two progress announcements of running pulls. */
const PROGRESS_EVERY_MS = 250;

export class ChainStore {
  #ledger: Ledger;
  readonly hub: SyncHub;
  readonly #undo: UndoCache;
  /** Peer heads for which joining their chain found us not (yet) an authority. */
  readonly #joinRefused = new Set<string>();
  /** When a pull's progress was last announced (see `#announceProgress`). */
  #progressAt = 0;
  /** Where a peer's running session spends its time, for the log line when it ends. */
  readonly #spent = new Map<DeviceId, Spent>();

  private constructor(
    private readonly options: ChainOptions,
    ledger: Ledger,
  ) {
    this.#ledger = ledger;
    this.#undo = new UndoCache(options.now);
    this.hub = new SyncHub({
      tree: () => this.#ledger.tree,
      contents: () => this.#ledger.blobs,
      now: options.now,
      send: (peer, bytes) => options.emit('sync.send', { peer, bytes }),
      random: Math.random,
    });
  }

  /** Loads the chain (making the genesis on a new device) and writes what that implied. */
  static async open(db: Locked, options: ChainOptions): Promise<ChainStore> {
    const ledger = await ChainStore.#load(db, options);
    return new ChainStore(options, ledger);
  }

  static async #load(db: Locked, options: ChainOptions): Promise<Ledger> {
    const signer = signerFor(options.prims, options.device, options.identity);
    const deps = { ...options, signer };
    return db.transaction(async () => {
      const ledger = await Ledger.load(db, deps);
      await ledger.commit(db);
      return ledger;
    });
  }

  get ledger(): Ledger {
    return this.#ledger;
  }

  /**
   * Runs `mutate` (which changes the in-memory chain) and commits it in one transaction. On any
   * failure the chain is reloaded from the file, so nothing half-done stays in memory.
   */
  async write(db: Locked, mutate: (ledger: Ledger) => void, replaced = false): Promise<Commit> {
    let commit: Commit;
    try {
      commit = await db.transaction(async () => {
        mutate(this.#ledger);
        return this.#ledger.commit(db, replaced);
      });
    } catch (error) {
      this.#ledger.discard();
      this.#ledger = await ChainStore.#load(db, this.options);
      this.hub.reset();
      throw error;
    }
    // Deleted text must not survive in the file: `secure_delete` zeroes freed space in pages
    // and FTS5's secure-delete drops index entries, but the WAL still holds older page images.
    if (commit.erased > 0 || commit.hidden.length > 0) await checkpointTruncate(db);
    if (commit.blocks > 0) {
      this.hub.kick();
      this.options.emit('chain.changed', { at: this.options.now() });
    }
    return commit;
  }

  #emit(kind: MemoriesChanged['kind'], commit: Commit): void {
    const ids = [...commit.shown, ...commit.hidden];
    if (ids.length > 0) this.options.emit('memories.changed', { ids, kind, all: false });
  }

  /** Creates memories whose ids the chain has never seen; returns the ids created. */
  async put(db: Locked, items: readonly PutArgs[]): Promise<MemoryId[]> {
    const seen = new Set<MemoryId>();
    const fresh = items.filter((item) => {
      if (seen.has(item.id) || this.#ledger.tree.memory(item.id) !== undefined) return false;
      seen.add(item.id);
      return true;
    });
    if (fresh.length === 0) return [];
    const changes: MemoryChange[] = fresh.map((a) => ({ kind: 'put', ...a }));
    const signed = await this.#ledger.sign(changes);
    const commit = await this.write(db, (ledger) => ledger.recordSigned(signed));
    this.#emit('put', commit);
    return fresh.map((a) => a.id);
  }

  /**
   * Records `changes` to `current`; a row from before the chain that the background replay has
   * not reached yet first becomes its put (at its own creation time), so the edit has a base.
   */
  async #change(
    db: Locked,
    kind: MemoriesChanged['kind'],
    current: Memory,
    changes: MemoryChange[],
  ) {
    let legacy: { change: MemoryChange; at: Hlc | undefined } | null = null;
    if (this.#ledger.tree.memory(current.id) === undefined && !current.deleted) {
      const { id, text, tags, source } = current;
      const created = decodeHlc(current.createdHlc);
      const at = rebased(created, this.#ledger.self, this.options.now()) ?? undefined;
      legacy = { change: { kind: 'put', id, text, tags, source }, at };
    }
    const all = legacy ? [legacy.change, ...changes] : changes;
    const stamp = (c: MemoryChange) => (c === legacy?.change ? legacy.at : undefined);
    this.#emit(kind, await this.write(db, (ledger) => ledger.record(all, stamp)));
  }

  /** Edits text and/or tags of a shown memory; false when nothing differs. */
  async edit(db: Locked, args: EditArgs): Promise<boolean> {
    const current = await getMemory(db, args.id);
    if (!current || current.deleted) throw notFound(args.id, 'no live memory');
    const text = args.text !== undefined && args.text !== current.text ? args.text : undefined;
    const sameTags = JSON.stringify(args.tags ?? current.tags) === JSON.stringify(current.tags);
    const tags = args.tags !== undefined && !sameTags ? args.tags : undefined;
    if (text === undefined && tags === undefined) return false;
    const change: MemoryChange = {
      kind: 'edit',
      id: args.id,
      ...(text === undefined ? {} : { text }),
      ...(tags === undefined ? {} : { tags }),
    };
    await this.#change(db, 'edit', current, [change]);
    return true;
  }

  /**
   * Deletes a memory: its text and tags are erased here and on every device that syncs. The
   * words stay in this worker's memory for a short while only, so Undo can write them again.
   */
  async delete(db: Locked, id: MemoryId): Promise<boolean> {
    const current = await getMemory(db, id);
    if (!current) throw notFound(id);
    if (current.deleted) return false;
    this.#undo.remember(id, current.text, current.tags);
    await this.#change(db, 'delete', current, [{ kind: 'delete', id }]);
    return true;
  }

  /**
   * Brings a deleted memory back by writing its text (and tags) again after the delete. The text
   * comes from the caller or from the recent-deletes cache; once both have forgotten it, so has
   * the store (`not-found`).
   */
  async undelete(
    db: Locked,
    id: MemoryId,
    given?: { text: string; tags: readonly string[] },
  ): Promise<boolean> {
    const current = await getMemory(db, id);
    if (!current) throw notFound(id);
    if (!current.deleted) return false;
    const content = given ?? this.#undo.take(id);
    if (!content) throw notFound(id, 'the text is forgotten for deleted memory');
    const change: MemoryChange = { kind: 'edit', id, text: content.text, tags: content.tags };
    this.#emit('undelete', await this.write(db, (ledger) => ledger.record([change])));
    return true;
  }

  /**
   * Signs replayed changes, each at its own clock value (rows from a file), ahead of `replay`:
   * the clock moves now; the signatures are made off this thread where the signer can.
   */
  signReplay(changes: readonly ReplayChange[]): Promise<ChangeRecord> {
    const at = new Map(changes.map((c) => [c.change, c.at]));
    return this.#ledger.sign(
      changes.map((c) => c.change),
      (change) => at.get(change) ?? this.options.clock.tick(),
    );
  }

  /** Records replayed changes (signed here, or ahead by `signReplay` when `signed` is given). */
  async replay(
    db: Locked,
    changes: readonly ReplayChange[],
    signed?: Promise<ChangeRecord>,
  ): Promise<Commit | null> {
    if (changes.length === 0) return null;
    const record = await (signed ?? this.signReplay(changes));
    const commit = await this.write(db, (ledger) => ledger.recordSigned(record));
    if (commit.shown.length + commit.hidden.length > 0) {
      this.options.emit('memories.changed', { ids: [], kind: 'import', all: true });
    }
    return commit;
  }

  /** Signs a device-add for a paired device of this person. */
  async addDevice(
    db: Locked,
    device: { signKey: Uint8Array; boxKey: Uint8Array; name: string },
  ): Promise<boolean> {
    let added = false;
    // Its seal may carry pending transactions that show or hide memories: say so.
    this.#emit('sync', await this.write(db, (ledger) => (added = ledger.addDevice(device))));
    return added;
  }

  /** Signs a device-remove of a device of this person (false: it is no authority here). */
  async removeDevice(db: Locked, device: DeviceId): Promise<boolean> {
    let removed = false;
    this.#emit('sync', await this.write(db, (ledger) => (removed = ledger.removeDevice(device))));
    return removed;
  }

  /** A peer connected (or should hear our news): start a sync session. */
  syncOpen(peer: DeviceId): void {
    this.hub.open(peer);
    this.options.emit('chain.changed', { at: this.options.now() });
  }

  syncClose(peer: DeviceId): void {
    this.hub.close(peer);
    this.#spent.delete(peer);
    this.options.emit('chain.changed', { at: this.options.now() });
  }

  /**
   * One message from a peer: the session applies what it verified, then the store writes it.
   * When the session ends, its outcome is recorded and acted on (adopting a chain, re-including
   * transactions of a losing branch, syncing again).
   */
  async syncReceive(db: Locked, peer: DeviceId, bytes: Uint8Array): Promise<void> {
    const spent = this.#spent.get(peer) ?? newSpent(performance.now());
    this.#spent.set(peer, spent);
    const t0 = performance.now();
    const { prims } = this.options;
    // Blocks' signatures checked in one batch off this thread; the session then finds them
    // verified (crypto/web-verify.ts), with libsodium's answers for everything else.
    if ('preverify' in prims) await prims.preverify(signaturesInFrame(prims, bytes));
    const ended = this.hub.receive(peer, bytes);
    const t1 = performance.now();
    spent.messages += 1;
    if (ended === null && this.hub.joining(peer)) {
      // A download into a candidate chain changes nothing of ours but blobs held in memory;
      // they are written with the adoption in one sorted pass. Written per message, each a
      // random insert into a growing table, they cost 130 ms a message at 100k memories.
      spent.apply += t1 - t0;
      this.#announceProgress();
      return;
    }
    const commit = await this.write(db, () => undefined);
    spent.apply += t1 - t0;
    spent.commit += performance.now() - t1;
    this.#emit('sync', commit);
    if (ended) {
      this.#spent.delete(peer);
      await this.#onEnded(db, ended, spent);
    } else if (commit.blocks === 0) this.#announceProgress();
  }

  /**
   * A pull moved on without a block on our chain (a download into a candidate chain, blobs), so
   * nothing said `chain.changed`: say it, at most every `PROGRESS_EVERY_MS`, so the Devices list
   * shows the bar move without a reload per message of a long first sync.
   */
  #announceProgress(): void {
    const now = this.options.now();
    if (now - this.#progressAt < PROGRESS_EVERY_MS) return;
    if (!this.hub.status().some((p) => p.progress !== null)) return;
    this.#progressAt = now;
    this.options.emit('chain.changed', { at: now });
  }

  async #onEnded(db: Locked, ended: Ended, spent: Spent): Promise<void> {
    const { peer, report, hello } = ended;
    const error = report.error;
    await recordPeer(db, {
      device: peer,
      height: hello?.height ?? 0,
      head: hello ? toHex(hello.head) : '',
      synced_at: this.options.now(),
      error: error?.code ?? null,
    });
    if (error) console.warn('[sync] session with', peer, 'ended:', error.code, error.message);
    const t0 = performance.now();
    if (ended.candidate && !error) await this.#adopt(db, peer, ended);
    else if (error?.code === 'sync-other-chain' && hello) this.#maybeJoin(peer, hello, ended.mine);
    // Transactions left on a losing branch go into our next block.
    this.#emit('sync', await this.write(db, (ledger) => ledger.seal()));
    logSpent(peer, ended, spent, performance.now() - t0);
    if (this.hub.takeAgain(peer)) this.hub.open(peer);
    this.options.emit('chain.changed', { at: this.options.now() });
  }

  /**
   * Two devices that each started a chain before pairing hold different geneses. Both settle on
   * the same one (src/core/chain/chain-choice.ts: more history, then the lower genesis hash),
   * judged on the two `hello`s of the session so both sides judge alike: the device whose chain
   * loses downloads the other whole and adopts it once it finds itself an authority there (its
   * pairing partner added it).
   */
  #maybeJoin(peer: DeviceId, theirs: Hello, mine: Hello | null): void {
    const genesis = this.#ledger.tree.genesis;
    if (!genesis) return;
    const ours = mine ?? { genesis: genesis.hash, height: this.#ledger.tree.head?.height ?? 0 };
    if (!theirsWins(ours, theirs)) return;
    if (this.#joinRefused.has(`${peer}:${toHex(theirs.head)}`)) return;
    this.hub.join(peer, this.#ledger.candidate());
  }

  async #adopt(db: Locked, peer: DeviceId, ended: Ended): Promise<void> {
    const candidate = ended.candidate;
    if (!candidate) return;
    if (!candidate.head?.members.isActive(this.#ledger.self)) {
      this.#joinRefused.add(`${peer}:${candidate.head?.hex ?? ''}`);
      console.info('[chain] not an authority on the chain of', peer, 'yet; keeping ours');
      return;
    }
    // Sessions on the old chain end here; the write below opens new ones with every peer.
    this.hub.reset();
    await this.write(db, (ledger) => ledger.adopt(candidate), true);
    this.options.emit('memories.changed', { ids: [], kind: 'sync', all: true });
    this.hub.kick();
  }

  async info(db: Locked): Promise<ChainInfo> {
    const peers = await listPeers(db);
    return describeChain(this.#ledger, this.options.identity, this.hub.status(), peers);
  }
}
