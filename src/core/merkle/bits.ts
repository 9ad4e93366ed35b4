/**
 * Integer helpers for tree sizes and leaf indices. Sizes are plain numbers up to 2^53, so these use
 * arithmetic rather than the 32-bit bitwise operators, which would silently wrap past 2^31.
 */

/** True when `n` is a safe, non-negative integer: a valid tree size or leaf index. */
export function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** `n` shifted right by one bit, for any safe integer `n ≥ 0`. */
export function half(n: number): number {
  return Math.floor(n / 2);
}

/** True when the lowest bit of `n` is set. */
export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** True when `n` is 1, 2, 4, 8, …. */
export function isPowerOfTwo(n: number): boolean {
  if (!isCount(n) || n === 0) return false;
  let m = n;
  while (m % 2 === 0) m /= 2;
  return m === 1;
}

/** The number of set bits of `n`: how many perfect subtrees a tree of `n` leaves decomposes into. */
export function popCount(n: number): number {
  let count = 0;
  for (let m = n; m > 0; m = half(m)) count += m % 2;
  return count;
}

/**
 * RFC 6962's split point: the largest power of two strictly below `n` (for `n ≥ 2`). The left
 * subtree is always perfect, which is what makes proofs and the frontier work.
 */
export function splitPoint(n: number): number {
  // clz32 answers in one instruction for every size a 32-bit count can hold.
  if (n <= 0x1_0000_0000) return 2 ** (31 - Math.clz32(n - 1));
  let k = 0x1_0000_0000;
  while (k * 2 < n) k *= 2;
  return k;
}
