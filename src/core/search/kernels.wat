;; SIMD dot-product kernels of the vector index (src/core/search). Assembled by
;; `npx tsx scripts/assemble-kernels.ts` into kernels-wasm.ts; a unit test checks the two agree.
;;
;; Stored vectors are int8 codes, `dpad` bytes each (dims rounded up to 16, zero-padded), packed
;; one after another from `codes`. A query is int16, `dpad` lanes. Products are summed exactly in
;; i32: |code| ≤ 127 and |query| ≤ 32767, so 4,096 dims stay below 2^31 by a wide margin.
;; Why int8 and not f32: the exact scan is bound by memory bandwidth, and int8 reads 4× fewer
;; bytes (bench: f32 SIMD 14 ms, int8 SIMD 2 ms at 100k × 384).
(module
  (memory (export "memory") 1)

  ;; dot of int8 codes at $a with the int16 query at $q, over $dpad lanes
  (func $dotQ (param $a i32) (param $q i32) (param $dpad i32) (result i32)
    (local $j i32) (local $c v128) (local $acc v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $dpad)))
        (local.set $c (v128.load (i32.add (local.get $a) (local.get $j))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (v128.load (local.get $q)))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (v128.load offset=16 (local.get $q)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $next)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; dot of two int8 code vectors
  (func $dotCodes (param $a i32) (param $b i32) (param $dpad i32) (result i32)
    (local $j i32) (local $x v128) (local $y v128) (local $acc v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $dpad)))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $j))))
        (local.set $y (v128.load (i32.add (local.get $b) (local.get $j))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (i16x8.extend_low_i8x16_s (local.get $y)))))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (i16x8.extend_high_i8x16_s (local.get $y)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $next)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; The exact scan with its error bounds: for the first $n vectors, approx = dot · scale · $qs and
  ;; b = r + (1 + r) · $qe (quantize.ts), written as low[i] = approx − b and high[i] = approx + b,
  ;; so JS only compares floats afterwards.
  (func (export "scanBounds") (param $codes i32) (param $n i32) (param $dpad i32) (param $q i32)
    (param $scales i32) (param $residuals i32) (param $qs f32) (param $qe f32) (param $low i32) (param $high i32)
    (local $o i32) (local $end i32) (local $approx f32) (local $r f32) (local $b f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $approx
          (f32.mul
            (f32.mul
              (f32.convert_i32_s (call $dotQ (local.get $codes) (local.get $q) (local.get $dpad)))
              (f32.load (i32.add (local.get $scales) (local.get $o))))
            (local.get $qs)))
        (local.set $r (f32.load (i32.add (local.get $residuals) (local.get $o))))
        (local.set $b
          (f32.add (local.get $r) (f32.mul (f32.add (f32.const 1) (local.get $r)) (local.get $qe))))
        (f32.store (i32.add (local.get $low) (local.get $o)) (f32.sub (local.get $approx) (local.get $b)))
        (f32.store (i32.add (local.get $high) (local.get $o)) (f32.add (local.get $approx) (local.get $b)))
        (local.set $codes (i32.add (local.get $codes) (local.get $dpad)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next))))

  ;; out[t] = dot(codes[slots[t]], q) for $count slots (a graph node's neighbours). Their codes lie
  ;; scattered over memory, mostly outside the cache at 100k vectors, and wasm has no prefetch
  ;; (hnswlib prefetches the next neighbour). So first one byte of every 64-byte line of every code
  ;; is read: independent loads, so the misses are all in flight at once instead of one dot
  ;; waiting for each in turn. Then four slots per loop share the query's loads.
  (func (export "gather") (param $codes i32) (param $dpad i32) (param $slots i32) (param $count i32) (param $q i32) (param $out i32)
    (local $end i32) (local $end4 i32) (local $j i32) (local $qp i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $lo v128) (local $hi v128) (local $c v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $end (i32.add (local.get $slots) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $slots) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (call $touch (local.get $codes) (local.get $dpad) (local.get $slots) (local.get $end) (local.get $out))
    (block $done4
      (loop $next4
        (br_if $done4 (i32.ge_u (local.get $slots) (local.get $end4)))
        (local.set $a0 (i32.add (local.get $codes) (i32.mul (i32.load (local.get $slots)) (local.get $dpad))))
        (local.set $a1 (i32.add (local.get $codes) (i32.mul (i32.load offset=4 (local.get $slots)) (local.get $dpad))))
        (local.set $a2 (i32.add (local.get $codes) (i32.mul (i32.load offset=8 (local.get $slots)) (local.get $dpad))))
        (local.set $a3 (i32.add (local.get $codes) (i32.mul (i32.load offset=12 (local.get $slots)) (local.get $dpad))))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0))
        (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $qp (local.get $q))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $j) (local.get $dpad)))
            (local.set $lo (v128.load (local.get $qp)))
            (local.set $hi (v128.load offset=16 (local.get $qp)))
            (local.set $c (v128.load (i32.add (local.get $a0) (local.get $j))))
            (local.set $s0 (i32x4.add (local.get $s0) (i32x4.add
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (local.get $lo))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (local.get $hi)))))
            (local.set $c (v128.load (i32.add (local.get $a1) (local.get $j))))
            (local.set $s1 (i32x4.add (local.get $s1) (i32x4.add
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (local.get $lo))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (local.get $hi)))))
            (local.set $c (v128.load (i32.add (local.get $a2) (local.get $j))))
            (local.set $s2 (i32x4.add (local.get $s2) (i32x4.add
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (local.get $lo))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (local.get $hi)))))
            (local.set $c (v128.load (i32.add (local.get $a3) (local.get $j))))
            (local.set $s3 (i32x4.add (local.get $s3) (i32x4.add
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (local.get $lo))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (local.get $hi)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 32)))
            (br $next)))
        (i32.store (local.get $out) (call $sum4 (local.get $s0)))
        (i32.store offset=4 (local.get $out) (call $sum4 (local.get $s1)))
        (i32.store offset=8 (local.get $out) (call $sum4 (local.get $s2)))
        (i32.store offset=12 (local.get $out) (call $sum4 (local.get $s3)))
        (local.set $slots (i32.add (local.get $slots) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next4)))
    (block $done1
      (loop $next1
        (br_if $done1 (i32.ge_u (local.get $slots) (local.get $end)))
        (i32.store (local.get $out)
          (call $dotQ
            (i32.add (local.get $codes) (i32.mul (i32.load (local.get $slots)) (local.get $dpad)))
            (local.get $q) (local.get $dpad)))
        (local.set $slots (i32.add (local.get $slots) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $next1))))

  ;; reads a byte of every 64-byte line of the codes of slots $slots … $end (exclusive), writing
  ;; their sum to $sink so that the loads are not dropped as unused
  (func $touch (param $codes i32) (param $dpad i32) (param $slots i32) (param $end i32) (param $sink i32)
    (local $a i32) (local $j i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $slots) (local.get $end)))
        (local.set $a (i32.add (local.get $codes) (i32.mul (i32.load (local.get $slots)) (local.get $dpad))))
        (local.set $j (i32.const 0))
        (block $lines
          (loop $line
            (br_if $lines (i32.ge_u (local.get $j) (local.get $dpad)))
            (local.set $sum (i32.add (local.get $sum) (i32.load8_s (i32.add (local.get $a) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $line)))
        (local.set $slots (i32.add (local.get $slots) (i32.const 4)))
        (br $next)))
    (i32.store (local.get $sink) (local.get $sum)))

  ;; the sum of the four i32 lanes of $v
  (func $sum4 (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; out[t] = dot(codes[$a], codes[slots[t]]): one stored vector against others (graph pruning)
  (func (export "gatherCodes") (param $codes i32) (param $dpad i32) (param $a i32) (param $slots i32) (param $count i32) (param $out i32)
    (local $end i32) (local $pa i32)
    (local.set $pa (i32.add (local.get $codes) (i32.mul (local.get $a) (local.get $dpad))))
    (local.set $end (i32.add (local.get $slots) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $slots) (local.get $end)))
        (i32.store (local.get $out)
          (call $dotCodes
            (local.get $pa)
            (i32.add (local.get $codes) (i32.mul (i32.load (local.get $slots)) (local.get $dpad)))
            (local.get $dpad)))
        (local.set $slots (i32.add (local.get $slots) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $next))))
)
