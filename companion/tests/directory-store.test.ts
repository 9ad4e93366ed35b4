import { describe, expect, it } from 'vitest';
import { DirectoryStore, MAX_LOCAL_ENTRIES } from '../src/directory-store.js';
import type { RendezvousToken } from '@kiana/shared/protocol';

const SELF = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbbbb';
const t = (c: string) => c.repeat(26) as RendezvousToken;

function store() {
  let now = 1_000_000;
  const s = new DirectoryStore(SELF, () => now);
  return { s, advance: (ms: number) => (now += ms) };
}

describe('DirectoryStore', () => {
  it('matches local and remote holders of a token, never the asker itself', () => {
    const { s } = store();
    s.announce('conn1', 'p1', [t('a'), t('b')], 60_000);
    s.announce('conn2', 'p2', [t('a')], 60_000);
    s.setRemote(OTHER, [{ token: t('a'), peer: 'p3', ttlMs: 30_000 }]);
    expect(s.matches([t('a')], 'p1')).toEqual([
      { token: t('a'), peer: 'p2', companion: SELF },
      { token: t('a'), peer: 'p3', companion: OTHER },
    ]);
    expect(s.matches([t('c')], 'p1')).toEqual([]);
  });

  it('replaces an announcement instead of accumulating tokens', () => {
    const { s } = store();
    s.announce('conn1', 'p1', [t('a')], 60_000);
    s.announce('conn1', 'p1', [t('b')], 60_000);
    expect(s.matches([t('a')], 'x')).toEqual([]);
    expect(s.localEntryCount()).toBe(1);
  });

  it('expires local entries after their lifetime and remote ones after their relative TTL', () => {
    const { s, advance } = store();
    s.announce('conn1', 'p1', [t('a')], 10_000);
    s.setRemote(OTHER, [{ token: t('a'), peer: 'p3', ttlMs: 20_000 }]);
    advance(9_999);
    expect(s.sweep()).toBe(false);
    expect(s.matches([t('a')], 'x')).toHaveLength(2);
    advance(1);
    expect(s.matches([t('a')], 'x')).toHaveLength(1);
    expect(s.sweep()).toBe(true);
    advance(10_000);
    expect(s.matches([t('a')], 'x')).toEqual([]);
    expect(s.sweep()).toBe(true);
    expect(s.remoteEntryCount()).toBe(0);
  });

  it('reports its live local entries with the lifetime left, for linked companions', () => {
    const { s, advance } = store();
    s.announce('conn1', 'p1', [t('a'), t('b')], 60_000);
    advance(15_000);
    expect(s.localSnapshot()).toEqual([
      { token: t('a'), peer: 'p1', ttlMs: 45_000 },
      { token: t('b'), peer: 'p1', ttlMs: 45_000 },
    ]);
  });

  it('drops everything of a companion whose link closed, and announcements of a departed peer', () => {
    const { s } = store();
    s.setRemote(OTHER, [{ token: t('a'), peer: 'p3', ttlMs: 20_000 }]);
    expect(s.removeRemote(OTHER)).toBe(true);
    expect(s.removeRemote(OTHER)).toBe(false);
    s.announce('conn1', 'p1', [t('a')], 60_000);
    expect(s.withdrawPeer('p1')).toBe(true);
    expect(s.matches([t('a')], 'x')).toEqual([]);
  });

  it('refuses announcements beyond its capacity', () => {
    const { s } = store();
    const many = Array.from({ length: 64 }, (_, i) => `${i}`.padStart(26, 'a') as RendezvousToken);
    for (let i = 0; i < MAX_LOCAL_ENTRIES / 64; i++) {
      expect(s.announce(`conn${i}`, `p${i}`, many, 60_000)).toBe(true);
    }
    expect(s.announce('one-more', 'px', [t('z')], 60_000)).toBe(false);
    // Replacing an existing announcement of the same size still fits.
    expect(s.announce('conn0', 'p0', many, 60_000)).toBe(true);
  });
});
