/**
 * Writes the WebAssembly text of a four-lane SHA-256 (WebAssembly SIMD, one message per i32x4
 * lane): the 64 rounds unrolled, which no one should type by hand. scripts/assemble-sha256.ts
 * assembles it into src/core/crypto/sha256x4-wasm.ts; tests/unit/crypto/sha256x4.test.ts checks
 * that the two agree and that the digests are node:crypto's.
 *
 * hash4(in, stride, blocks, out, groups): for each group g of four messages, lane l's message,
 * already padded (FIPS 180-4 §5.1.1) to `blocks` × 64 bytes, is at in + (4g + l) × stride; its
 * digest goes to out + (4g + l) × 32.
 */

// prettier-ignore
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
// prettier-ignore
const H0 = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const STATE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
/** Reverses the bytes of each 32-bit lane: SHA-256 words are big-endian, wasm little-endian. */
const BSWAP = 'i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';

const get = (name: string): string => `(local.get $${name})`;
const splat = (k: number): string => `(v128.const i32x4 ${k | 0} ${k | 0} ${k | 0} ${k | 0})`;
// WebAssembly SIMD has no lane rotate: two shifts and an or.
const rotr = (x: string, n: number): string =>
  `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const xor3 = (p: string, q: string, r: string): string => `(v128.xor (v128.xor ${p} ${q}) ${r})`;

/** Loads word t of the block of each lane into one vector. */
function loadWord(t: number): string {
  const lane = (l: number): string => `(i32.load offset=${4 * t} (local.get $p${l}))`;
  const gathered =
    `(i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1 ` +
    `(i32x4.splat ${lane(0)}) ${lane(1)}) ${lane(2)}) ${lane(3)})`;
  return `(local.set $w${t} (${BSWAP} (local.tee $t1 ${gathered}) (local.get $t1)))`;
}

/** One 64-byte block of each lane: the message schedule rolled through 16 locals, 64 rounds. */
function compress(): string[] {
  const out: string[] = [];
  for (let t = 0; t < 16; t++) out.push(loadWord(t));
  STATE.forEach((n, i) => out.push(`(local.set $s${i} ${get(n)})`));
  // Which local holds a … h this round: renaming instead of moving seven vectors per round.
  let v = [...STATE];
  for (let t = 0; t < 64; t++) {
    const w = `w${t % 16}`;
    if (t >= 16) {
      const w2 = get(`w${(t - 2) % 16}`);
      const w15 = get(`w${(t - 15) % 16}`);
      const s1 = xor3(rotr(w2, 17), rotr(w2, 19), `(i32x4.shr_u ${w2} (i32.const 10))`);
      const s0 = xor3(rotr(w15, 7), rotr(w15, 18), `(i32x4.shr_u ${w15} (i32.const 3))`);
      const w7 = get(`w${(t - 7) % 16}`);
      out.push(`(local.set $${w} (i32x4.add (i32x4.add ${get(w)} ${s1}) (i32x4.add ${w7} ${s0})))`);
    }
    const at = (i: number): string => get(v[i] ?? '');
    const [a, b, c, d, e, f, g, h] = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
    const S1 = xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25));
    // Ch(e, f, g) = e ? f : g, bit by bit; Maj(a, b, c) = a where a = b, else c.
    const ch = `(v128.bitselect ${f} ${g} ${e})`;
    const k = splat(K[t] ?? 0);
    out.push(
      `(local.set $t1 (i32x4.add (i32x4.add (i32x4.add ${h} ${S1}) (i32x4.add ${ch} ${k})) ${get(w)}))`,
    );
    const S0 = xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22));
    const maj = `(v128.bitselect ${c} ${a} (v128.xor ${a} ${b}))`;
    // The new e is d + T1, in d's local; the new a is T1 + T2, in h's.
    out.push(`(local.set $${v[3] ?? ''} (i32x4.add ${d} (local.get $t1)))`);
    out.push(`(local.set $${v[7] ?? ''} (i32x4.add (local.get $t1) (i32x4.add ${S0} ${maj})))`);
    v = [...v.slice(7), ...v.slice(0, 7)];
  }
  STATE.forEach((n, i) => out.push(`(local.set $${n} (i32x4.add ${get(n)} (local.get $s${i})))`));
  return out;
}

/** Stores the four digests of the group, big-endian. */
function storeDigests(): string[] {
  const out: string[] = [];
  STATE.forEach((n, i) => {
    out.push(`(local.set $t1 (${BSWAP} ${get(n)} ${get(n)}))`);
    for (let l = 0; l < 4; l++) {
      out.push(
        `(i32.store offset=${32 * l + 4 * i} (local.get $o) (i32x4.extract_lane ${l} (local.get $t1)))`,
      );
    }
  });
  return out;
}

/** The module's text. */
export function sha256x4Wat(): string {
  const vectors = [...STATE, ...STATE.map((_, i) => `s${i}`)];
  vectors.push(...Array.from({ length: 16 }, (_, i) => `w${i}`), 't1');
  const pointers = ['p0', 'p1', 'p2', 'p3', 'n', 'o'];
  const lines = [
    '(module',
    '  (memory (export "memory") 1)',
    '  (func (export "hash4") (param $in i32) (param $stride i32) (param $blocks i32)',
    '    (param $out i32) (param $groups i32)',
    `    ${vectors.map((n) => `(local $${n} v128)`).join(' ')}`,
    `    ${pointers.map((n) => `(local $${n} i32)`).join(' ')}`,
    '    (block $done (loop $group',
    '      (br_if $done (i32.eqz (local.get $groups)))',
    '      (local.set $p0 (local.get $in))',
    '      (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))',
    '      (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))',
    '      (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))',
    ...STATE.map((n, i) => `      (local.set $${n} ${splat(H0[i] ?? 0)})`),
    '      (local.set $n (local.get $blocks))',
    '      (block $last (loop $block',
    '        (br_if $last (i32.eqz (local.get $n)))',
    ...compress().map((l) => `        ${l}`),
    ...[0, 1, 2, 3].map(
      (l) => `        (local.set $p${l} (i32.add (local.get $p${l}) (i32.const 64)))`,
    ),
    '        (local.set $n (i32.sub (local.get $n) (i32.const 1)))',
    '        (br $block)))',
    '      (local.set $o (local.get $out))',
    ...storeDigests().map((l) => `      ${l}`),
    '      (local.set $in (i32.add (local.get $in) (i32.shl (local.get $stride) (i32.const 2))))',
    '      (local.set $out (i32.add (local.get $out) (i32.const 128)))',
    '      (local.set $groups (i32.sub (local.get $groups) (i32.const 1)))',
    '      (br $group))))',
    ')',
    '',
  ];
  return lines.join('\n');
}
