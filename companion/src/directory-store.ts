/**
 * The LAN directory's data: which PeerJS ids announced which rendezvous tokens, locally (browsers
 * on this companion) and remotely (snapshots from linked companions). Every entry has an expiry;
 * a browser re-announces to keep its entries, and a companion's snapshot is replaced whole or
 * dropped when its link closes. Pure apart from the injected clock, so expiry is testable.
 */
import type { DirectoryMatch, LinkEntry, RendezvousToken } from '@kiana/shared/protocol';

/** One browser connection's announcement. */
interface LocalAnnouncement {
  readonly peer: string;
  readonly tokens: readonly RendezvousToken[];
  readonly expiresAt: number;
}

interface RemoteEntry {
  readonly token: RendezvousToken;
  readonly peer: string;
  readonly expiresAt: number;
}

/** Local entries (tokens summed over announcements) the companion keeps at most. */
export const MAX_LOCAL_ENTRIES = 4096;

export class DirectoryStore {
  readonly #local = new Map<string, LocalAnnouncement>();
  readonly #remote = new Map<string, RemoteEntry[]>();

  /**
   * @param selfId this companion's id, reported as the companion of local matches
   * @param clock milliseconds since the Unix epoch; injectable for tests
   */
  constructor(
    readonly selfId: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Replaces the announcement of one browser connection (`owner` is any key unique per
   * connection).
   *
   * @returns false when the directory would exceed {@link MAX_LOCAL_ENTRIES}
   */
  announce(
    owner: string,
    peer: string,
    tokens: readonly RendezvousToken[],
    ttlMs: number,
  ): boolean {
    const others = this.localEntryCount() - (this.#local.get(owner)?.tokens.length ?? 0);
    if (others + tokens.length > MAX_LOCAL_ENTRIES) return false;
    this.#local.set(owner, { peer, tokens: [...tokens], expiresAt: this.clock() + ttlMs });
    return true;
  }

  /** Removes one connection's announcement; returns whether there was one. */
  withdraw(owner: string): boolean {
    return this.#local.delete(owner);
  }

  /** Removes every local announcement made for `peer` (its PeerJS client went away). */
  withdrawPeer(peer: string): boolean {
    let changed = false;
    for (const [owner, entry] of this.#local) {
      if (entry.peer === peer) changed = this.#local.delete(owner) || changed;
    }
    return changed;
  }

  /** Replaces everything `companion` reported, converting its relative TTLs to our clock. */
  setRemote(companion: string, entries: readonly LinkEntry[]): void {
    const now = this.clock();
    this.#remote.set(
      companion,
      entries.map((e) => ({ token: e.token, peer: e.peer, expiresAt: now + e.ttlMs })),
    );
  }

  /** Drops a companion's entries (its link closed); returns whether it had any. */
  removeRemote(companion: string): boolean {
    return this.#remote.delete(companion);
  }

  /** Drops expired entries; returns whether anything was removed. */
  sweep(): boolean {
    const now = this.clock();
    let changed = false;
    for (const [owner, entry] of this.#local) {
      if (entry.expiresAt <= now) changed = this.#local.delete(owner) || changed;
    }
    for (const [companion, entries] of this.#remote) {
      const kept = entries.filter((e) => e.expiresAt > now);
      if (kept.length === entries.length) continue;
      changed = true;
      this.#remote.set(companion, kept);
    }
    return changed;
  }

  /** This companion's live entries as a link snapshot (relative TTLs). */
  localSnapshot(): LinkEntry[] {
    const now = this.clock();
    const out: LinkEntry[] = [];
    for (const { peer, tokens, expiresAt } of this.#local.values()) {
      if (expiresAt <= now) continue;
      for (const token of tokens) out.push({ token, peer, ttlMs: expiresAt - now });
    }
    return out;
  }

  /**
   * Every live entry, here or on a linked companion, whose token is in `tokens`, except those
   * of `exceptPeer` (a device does not need to find itself). Sorted for stable comparison.
   */
  matches(tokens: readonly RendezvousToken[], exceptPeer: string): DirectoryMatch[] {
    const wanted = new Set<string>(tokens);
    const now = this.clock();
    const out: DirectoryMatch[] = [];
    for (const { peer, tokens: held, expiresAt } of this.#local.values()) {
      if (peer === exceptPeer || expiresAt <= now) continue;
      for (const token of held)
        if (wanted.has(token)) out.push({ token, peer, companion: this.selfId });
    }
    for (const [companion, entries] of this.#remote) {
      for (const { token, peer, expiresAt } of entries) {
        if (peer !== exceptPeer && expiresAt > now && wanted.has(token))
          out.push({ token, peer, companion });
      }
    }
    const key = (m: DirectoryMatch) => `${m.token}|${m.peer}|${m.companion}`;
    return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  localEntryCount(): number {
    let count = 0;
    for (const entry of this.#local.values()) count += entry.tokens.length;
    return count;
  }

  remoteEntryCount(): number {
    let count = 0;
    for (const entries of this.#remote.values()) count += entries.length;
    return count;
  }
}
