import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { sha256, toHex } from './helpers.ts';

const merkle = createMerkle(sha256);
const entry = (i: number): Uint8Array => new TextEncoder().encode(`block ${i}`);

describe('Merkle frontier', () => {
  it('keeps one node per set bit of its size', () => {
    const frontier = merkle.frontier();
    for (let i = 0; i < 1000; i++) frontier.append(merkle.leafHash(entry(i)));
    // 1000 = 0b1111101000: six perfect subtrees of 512, 256, 128, 64, 32 and 8 leaves.
    expect(frontier.state().nodes).toHaveLength(6);
  });

  it('caches its root until the next append', () => {
    const frontier = merkle.frontier();
    frontier.append(merkle.leafHash(entry(0)));
    frontier.append(merkle.leafHash(entry(1)));
    frontier.append(merkle.leafHash(entry(2)));
    const root = frontier.root();
    expect(frontier.root()).toBe(root);
    frontier.append(merkle.leafHash(entry(3)));
    expect(toHex(frontier.root())).not.toBe(toHex(root));
  });

  it('hands out state that later appends do not change', () => {
    const frontier = merkle.frontier();
    frontier.append(merkle.leafHash(entry(0)));
    const state = frontier.state();
    frontier.append(merkle.leafHash(entry(1)));
    expect(state.size).toBe(1);
    expect(state.nodes).toHaveLength(1);
  });

  it('refuses a stored state with the wrong number of nodes', () => {
    const node = merkle.leafHash(entry(0));
    expect(() => merkle.frontier({ size: 3, nodes: [node] })).toThrow(KianaError);
    expect(() => merkle.frontier({ size: 1, nodes: [] })).toThrow(KianaError);
    expect(() => merkle.frontier({ size: -1, nodes: [] })).toThrow(KianaError);
    expect(() => merkle.frontier({ size: 1.5, nodes: [node] })).toThrow(KianaError);
  });

  it('refuses hashes of the wrong length', () => {
    expect(() => merkle.frontier({ size: 1, nodes: [new Uint8Array(31)] })).toThrow(KianaError);
    expect(() => merkle.frontier().append(new Uint8Array(33))).toThrow(KianaError);
  });
});
