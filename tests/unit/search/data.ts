/**
 * Seeded synthetic vectors for the index tests and the bench. Clustered data is the hard case for
 * approximate search (many near-ties inside a cluster) and resembles sentence embeddings more
 * than uniform noise does: points scatter around a few hundred topic directions.
 */

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box–Muller, both outputs used). */
export function gaussian(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export interface ClusterSpec {
  dims: number;
  clusters: number;
  /** Noise relative to the centre's length: 0 puts every point on its centre. */
  spread: number;
  seed: number;
  /**
   * When set, a point varies around its centre along this many random directions (plus a tenth of
   * the noise in all directions), as sentence embeddings do: their intrinsic dimension is far below
   * their length. Without it the noise is isotropic, the hardest case for a graph.
   */
  latent?: number;
}

/** A generator of points around `clusters` random centres; each call returns a new point. */
export function clusteredSource(spec: ClusterSpec): () => Float32Array {
  const random = seededRandom(spec.seed);
  const normal = gaussian(random);
  const scale = spec.spread / Math.sqrt(spec.dims);
  const centres = Array.from({ length: spec.clusters }, () =>
    Float32Array.from({ length: spec.dims }, () => normal() / Math.sqrt(spec.dims)),
  );
  const latent = spec.latent ?? 0;
  const basis = Array.from({ length: latent }, () =>
    Float32Array.from({ length: spec.dims }, () => normal() / Math.sqrt(latent)),
  );
  return () => {
    const centre = centres[Math.floor(random() * spec.clusters)] ?? new Float32Array(spec.dims);
    if (latent === 0) return Float32Array.from(centre, (c) => c + scale * normal());
    const point = Float32Array.from(centre, (c) => c + 0.1 * scale * normal());
    for (const direction of basis) {
      const z = spec.spread * normal();
      for (let j = 0; j < spec.dims; j++) point[j] = (point[j] ?? 0) + z * (direction[j] ?? 0);
    }
    return point;
  };
}

/** `count` points from `clusteredSource(spec)`. */
export function clusteredVectors(count: number, spec: ClusterSpec): Float32Array[] {
  const next = clusteredSource(spec);
  return Array.from({ length: count }, next);
}

/** Uniform random vectors in [-0.5, 0.5)^dims. */
export function uniformVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: dims }, () => random() - 0.5),
  );
}

/** `v` scaled to length 1 and rounded to float32, as the indexes store it. */
export function unit(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] ?? 0) ** 2;
  return Float32Array.from(v, (x) => x / Math.sqrt(sum));
}

const units = new WeakMap<Float32Array, Float32Array>();

/** The exact top-k ids by cosine similarity, by a plain float64 loop (the reference). */
export function bruteForce(
  vectors: readonly Float32Array[],
  ids: readonly string[],
  query: ArrayLike<number>,
  k: number,
): { id: string; score: number }[] {
  const q = unit(query);
  return vectors
    .map((v, i) => {
      const u = units.get(v) ?? unit(v);
      units.set(v, u);
      let s = 0;
      for (let j = 0; j < u.length; j++) s += (u[j] ?? 0) * (q[j] ?? 0);
      return { id: ids[i] ?? '', score: s };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

/** Fraction of `expected` ids found in `got`. */
export function recall(
  got: readonly { id: string }[],
  expected: readonly { id: string }[],
): number {
  const want = new Set(expected.map((h) => h.id));
  return got.filter((h) => want.has(h.id)).length / Math.max(1, want.size);
}
