/**
 * The corrupted variants of a good proof that the vectors' `corruptProbes` sentence asks every
 * verifier to reject. Each probe changes exactly one thing, and carries a name saying which, so a
 * failure points at the rule the verifier missed.
 */
import { flipBit, sha256 } from './helpers.ts';

export interface InclusionCase {
  readonly leafHash: Uint8Array;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

export interface ConsistencyCase {
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly Uint8Array[];
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
}

export interface Probe<T> {
  readonly name: string;
  readonly value: T;
}

/** A hash no tree in the tests produces. */
const RANDOM_HASH = sha256(new TextEncoder().encode('not a node of any tree'));
const EMPTY_TREE_ROOT = sha256(new Uint8Array(0));

function changed(values: [string, number][], n: number): Probe<number>[] {
  return values.filter(([, v]) => v !== n).map(([name, value]) => ({ name, value }));
}

/** A wrong position: ±1 and xor 2, as transparency-dev/merkle's verify_test.go probes. */
function positionProbes(name: string, n: number): Probe<number>[] {
  const values: [string, number][] = [
    [`${name} + 1`, n + 1],
    [`${name} - 1`, n - 1],
    [`${name} xor 2`, n ^ 2],
  ];
  return changed(values, n);
}

/**
 * A wrong tree height: ×2 and /2 (rounded down, as Go divides, and exact). A size off by one is
 * not probed on purpose: when the audit path has the same shape in both trees, RFC 9162's
 * algorithm computes the same root, so only the signature over (size, root) pins the size.
 */
function heightProbes(name: string, n: number): Probe<number>[] {
  const values: [string, number][] = [
    [`${name} × 2`, n * 2],
    [`${name} / 2`, Math.floor(n / 2)],
    [`${name} / 2 exactly`, n / 2],
  ];
  return changed(values, n);
}

/** Changes to a proof's list: every single-bit flip, removals, insertions, extra hashes, empty. */
function proofProbes(proof: readonly Uint8Array[], root?: Uint8Array): Probe<Uint8Array[]>[] {
  const probes: Probe<Uint8Array[]>[] = [];
  proof.forEach((element, i) => {
    for (let bit = 0; bit < element.length * 8; bit++) {
      const flipped = [...proof];
      flipped[i] = flipBit(element, bit);
      probes.push({ name: `bit ${bit} of element ${i} flipped`, value: flipped });
    }
    probes.push({ name: `element ${i} removed`, value: proof.filter((_, j) => j !== i) });
  });
  for (let i = 0; i <= proof.length; i++) {
    const inserted = [...proof.slice(0, i), RANDOM_HASH, ...proof.slice(i)];
    probes.push({ name: `a hash inserted at ${i}`, value: inserted });
  }
  const first = proof[0];
  const last = proof[proof.length - 1];
  if (first !== undefined && last !== undefined) {
    probes.push({ name: 'its first hash repeated in front', value: [first, ...proof] });
    probes.push({ name: 'its last hash repeated at the end', value: [...proof, last] });
  }
  const garbage: [string, Uint8Array][] = [
    ['a random hash', RANDOM_HASH],
    ['an empty element', new Uint8Array(0)],
    ['a zero hash', new Uint8Array(RANDOM_HASH.length)],
  ];
  if (root !== undefined) garbage.push(['the root', root]);
  for (const [name, extra] of garbage) {
    probes.push({ name: `${name} in front`, value: [extra, ...proof] });
    probes.push({ name: `${name} at the end`, value: [...proof, extra] });
  }
  return probes;
}

function rootProbes(root: Uint8Array): Probe<Uint8Array>[] {
  return [
    { name: 'an empty root', value: new Uint8Array(0) },
    { name: 'the empty tree root', value: EMPTY_TREE_ROOT },
    { name: 'a random root', value: RANDOM_HASH },
    { name: 'a truncated root', value: root.subarray(0, root.length - 1) },
    { name: 'the bytes "WrongRoot"', value: new TextEncoder().encode('WrongRoot') },
  ].filter((p) => p.value !== root);
}

/** Every rejected variant of a good inclusion proof; `wrongLeafHash` is another leaf's hash. */
export function inclusionProbes(
  good: InclusionCase,
  wrongLeafHash: Uint8Array,
): Probe<InclusionCase>[] {
  const probes: Probe<InclusionCase>[] = [];
  for (const p of positionProbes('leaf index', good.index)) {
    probes.push({ name: p.name, value: { ...good, index: p.value } });
  }
  for (const p of heightProbes('tree size', good.size)) {
    probes.push({ name: p.name, value: { ...good, size: p.value } });
  }
  probes.push({ name: 'a wrong leaf', value: { ...good, leafHash: wrongLeafHash } });
  const wrongLeaf = new TextEncoder().encode('WrongLeaf');
  probes.push({
    name: 'the bytes "WrongLeaf" as leaf hash',
    value: { ...good, leafHash: wrongLeaf },
  });
  probes.push({ name: 'the root as leaf', value: { ...good, leafHash: good.root } });
  for (const p of rootProbes(good.root)) {
    probes.push({ name: p.name, value: { ...good, root: p.value } });
  }
  for (const p of proofProbes(good.proof, good.root)) {
    probes.push({ name: p.name, value: { ...good, proof: p.value } });
  }
  if (good.proof.length > 0) probes.push({ name: 'an empty proof', value: { ...good, proof: [] } });
  return probes;
}

/** Every rejected variant of a good consistency proof between two different, non-empty sizes. */
export function consistencyProbes(good: ConsistencyCase): Probe<ConsistencyCase>[] {
  const probes: Probe<ConsistencyCase>[] = [];
  for (const p of positionProbes('size1', good.size1)) {
    probes.push({ name: p.name, value: { ...good, size1: p.value } });
  }
  for (const p of heightProbes('size2', good.size2)) {
    probes.push({ name: p.name, value: { ...good, size2: p.value } });
  }
  for (const p of rootProbes(good.root1)) {
    probes.push({ name: `root1 replaced by ${p.name}`, value: { ...good, root1: p.value } });
  }
  for (const p of rootProbes(good.root2)) {
    probes.push({ name: `root2 replaced by ${p.name}`, value: { ...good, root2: p.value } });
  }
  probes.push({
    name: 'swapped roots',
    value: { ...good, root1: good.root2, root2: good.root1 },
  });
  probes.push({ name: 'both roots equal to root2', value: { ...good, root1: good.root2 } });
  for (const p of proofProbes(good.proof, good.root2)) {
    probes.push({ name: p.name, value: { ...good, proof: p.value } });
  }
  probes.push({ name: 'an empty proof', value: { ...good, proof: [] } });
  return probes;
}
