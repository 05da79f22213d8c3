;; Loop addresses (compiler/loopaddr.c).  In loops wasmc gives an address
;; a + i its own no-wrap 64-bit induction variable when an access through
;; it runs in every iteration, and gives each array a loop walks its own
;; pointer, so that LLVM's run-time overlap checks compare arrays, not the
;; two halves of one unrolled pair.  Overlapping arrays (c = a + 8, a - 8,
;; a) must still compute what the scalar loop computes; addresses that wrap
;; before the loop, or between iterations that do not access, must still
;; wrap; and an address that runs off the end of memory must trap.
;; The second module: counters that are scaled in the address (a + (i << 2),
;; a + i * 12) or advance by a comparison's outcome (merge), rebased onto
;; a 64-bit counter; bases and shifts that wrap before the loop, output
;; that overlaps the input, accesses that run in some iterations only, and
;; running off the end (the writes before the trap stay); and a counter
;; that LLVM's IndVars has already made 64-bit (match).
;; Expected values computed with node (V8) running the same modules.

(module
  (memory 1)

  ;; [p, p + 8n) = start, start + step, ...
  (func (export "fill") (param $p i32) (param $n i32) (param $start f64) (param $step f64)
    (loop $l
      (f64.store (local.get $p) (local.get $start))
      (local.set $start (f64.add (local.get $start) (local.get $step)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; sum of x_k * (k + 1) over [p, p + 8n): order-sensitive, exact
  (func (export "sum") (param $p i32) (param $n i32) (result f64)
    (local $k f64) (local $s f64)
    (loop $l
      (local.set $k (f64.add (local.get $k) (f64.const 1)))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $k) (f64.load (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))

  ;; c[k] = a[k] + b[k] for n pairs, unrolled by two the way clang does:
  ;; pointers stepping by 16, the second element at p + 8
  (func (export "add_pairs") (param $c i32) (param $a i32) (param $b i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 4))))
    (loop $l
      (f64.store (local.get $c) (f64.add (f64.load (local.get $a)) (f64.load (local.get $b))))
      (f64.store (i32.add (local.get $c) (i32.const 8))
                 (f64.add (f64.load (i32.add (local.get $a) (i32.const 8)))
                          (f64.load (i32.add (local.get $b) (i32.const 8)))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br_if $l (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $end)))))

  ;; dst[k] = src[k] * 0.5 for n pairs, indexed from a byte counter i:
  ;; the addresses are dst + i and src + i
  (func (export "scale_indexed") (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32) (local $d i32) (local $s i32)
    (loop $l
      (local.set $d (i32.add (local.get $dst) (local.get $i)))
      (local.set $s (i32.add (local.get $src) (local.get $i)))
      (f64.store (local.get $d) (f64.mul (f64.load (local.get $s)) (f64.const 0.5)))
      (f64.store (i32.add (local.get $d) (i32.const 8))
                 (f64.mul (f64.load (i32.add (local.get $s) (i32.const 8))) (f64.const 0.5)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16)))
                          (i32.shl (local.get $n) (i32.const 4))))))

  ;; sum of the f64 at base + i for i = from, from + 8, ... (n of them):
  ;; base + from may wrap around 2^32 to a valid address
  (func (export "sum_indexed") (param $base i32) (param $from i32) (param $n i32) (result f64)
    (local $s f64)
    (loop $l
      (local.set $s (f64.add (f64.mul (local.get $s) (f64.const 2))
                             (f64.load (i32.add (local.get $base) (local.get $from)))))
      (local.set $from (i32.add (local.get $from) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))

  ;; the same, but only addresses below 4096 are read: the access runs in
  ;; some iterations only, so base + i may wrap between two of them
  (func (export "sum_some") (param $base i32) (param $n i32) (result f64)
    (local $i i32) (local $a i32) (local $s f64)
    (loop $l
      (local.set $a (i32.add (local.get $base) (local.get $i)))
      (if (i32.lt_u (local.get $a) (i32.const 4096))
        (then (local.set $s (f64.add (f64.mul (local.get $s) (f64.const 2))
                                     (f64.load (local.get $a))))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
)

(invoke "fill" (i32.const 1024) (i32.const 400) (f64.const 1) (f64.const 1))
(invoke "fill" (i32.const 8192) (i32.const 400) (f64.const 1000) (f64.const 3))
(invoke "fill" (i32.const 16384) (i32.const 400) (f64.const 0) (f64.const 0))
(invoke "add_pairs" (i32.const 16384) (i32.const 1024) (i32.const 8192) (i32.const 200))
(assert_return (invoke "sum" (i32.const 16384) (i32.const 400)) (f64.const 165613000))
(invoke "fill" (i32.const 1024) (i32.const 402) (f64.const 1) (f64.const 1))
(invoke "add_pairs" (i32.const 1032) (i32.const 1024) (i32.const 8192) (i32.const 200))
(assert_return (invoke "sum" (i32.const 1024) (i32.const 402)) (f64.const 31141781905))
(invoke "fill" (i32.const 1024) (i32.const 402) (f64.const 1) (f64.const 1))
(invoke "add_pairs" (i32.const 1016) (i32.const 1024) (i32.const 8192) (i32.const 200))
(assert_return (invoke "sum" (i32.const 1016) (i32.const 402)) (f64.const 165934602))
(invoke "fill" (i32.const 1024) (i32.const 402) (f64.const 1) (f64.const 1))
(invoke "add_pairs" (i32.const 1024) (i32.const 1024) (i32.const 8192) (i32.const 200))
(assert_return (invoke "sum" (i32.const 1024) (i32.const 402)) (f64.const 165935405))
(invoke "fill" (i32.const 1024) (i32.const 400) (f64.const 1) (f64.const 1))
(invoke "scale_indexed" (i32.const 16384) (i32.const 1024) (i32.const 200))
(assert_return (invoke "sum" (i32.const 16384) (i32.const 400)) (f64.const 10706700))
(invoke "fill" (i32.const 1024) (i32.const 402) (f64.const 1) (f64.const 1))
(invoke "scale_indexed" (i32.const 1032) (i32.const 1024) (i32.const 200))
(assert_return (invoke "sum" (i32.const 1024) (i32.const 402)) (f64.const 161608))
(invoke "fill" (i32.const 1024) (i32.const 402) (f64.const 1) (f64.const 1))
(invoke "scale_indexed" (i32.const 1016) (i32.const 1024) (i32.const 200))
(assert_return (invoke "sum" (i32.const 1016) (i32.const 402)) (f64.const 11028302))
(invoke "fill" (i32.const 0) (i32.const 64) (f64.const 1) (f64.const 1))
(invoke "fill" (i32.const 65472) (i32.const 8) (f64.const 5) (f64.const 2))
(assert_return (invoke "sum_indexed" (i32.const -16) (i32.const 16) (i32.const 40)) (f64.const 2199023255510))
(assert_return (invoke "sum_indexed" (i32.const 16) (i32.const -16) (i32.const 40)) (f64.const 2199023255510))
(assert_return (invoke "sum_indexed" (i32.const 65472) (i32.const 0) (i32.const 8)) (f64.const 1769))
(assert_trap (invoke "sum_indexed" (i32.const 65472) (i32.const 0) (i32.const 9)) "out of bounds memory access")
(assert_trap (invoke "sum_indexed" (i32.const -8) (i32.const 0) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "sum_some" (i32.const -256) (i32.const 60)) (f64.const 536870882))
(assert_return (invoke "sum_some" (i32.const -64) (i32.const 40)) (f64.const 8589934558))
(assert_return (invoke "sum_some" (i32.const 0) (i32.const 40)) (f64.const 2199023255510))

(module
  (memory 1)

  ;; [p, p + 4n) = start, start + step, ... (i32, wrapping)
  (func (export "fill32") (param $p i32) (param $n i32) (param $start i32) (param $step i32)
    (loop $l
      (i32.store (local.get $p) (local.get $start))
      (local.set $start (i32.add (local.get $start) (local.get $step)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; hash of the i32 at [p, p + 4n)
  (func (export "hash32") (param $p i32) (param $n i32) (result i32)
    (local $h i32)
    (loop $l
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $h))

  ;; merges a[i0..na) and b[j0..nb) into out[0..): the counters advance
  ;; by a comparison's outcome, the addresses are a + (i << 2) etc.;
  ;; returns the number of elements written
  (func (export "merge") (param $a i32) (param $i i32) (param $na i32)
                         (param $b i32) (param $j i32) (param $nb i32) (param $out i32) (result i32)
    (local $k i32) (local $va i32) (local $vb i32) (local $lt i32)
    (block $done
      (br_if $done (i32.or (i32.ge_u (local.get $i) (local.get $na)) (i32.ge_u (local.get $j) (local.get $nb))))
      (loop $l
        (local.set $va (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $vb (i32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $lt (i32.lt_u (local.get $vb) (local.get $va)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
                   (select (local.get $vb) (local.get $va) (local.get $lt)))
        (local.set $j (i32.add (local.get $j) (local.get $lt)))
        (local.set $i (i32.add (local.get $i) (i32.xor (local.get $lt) (i32.const 1))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $l (i32.and (i32.lt_u (local.get $i) (local.get $na)) (i32.lt_u (local.get $j) (local.get $nb))))))
    (local.get $k))

  ;; sum of the i32 at base + 12 i + 4 for i = from, from + 1, ... (n):
  ;; a field of 12-byte records; base + 12 * from may wrap to a valid address
  (func (export "sum_field") (param $base i32) (param $from i32) (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 3))
                             (i32.load offset=4 (i32.add (local.get $base) (i32.mul (local.get $from) (i32.const 12))))))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))

  ;; counts the i32 at base + (i << 3) below limit, i advancing by 0 or 1
  ;; (the low bit of what it read, 1 when it read nothing); the access runs only for addresses
  ;; below 4096, so base + (i << 3) may wrap between two that run
  (func (export "count_some") (param $base i32) (param $n i32) (param $limit i32) (result i32)
    (local $i i32) (local $a i32) (local $c i32) (local $v i32)
    (loop $l
      (local.set $a (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $v (i32.const 1))
      (if (i32.lt_u (local.get $a) (i32.const 4096))
        (then (local.set $v (i32.load (local.get $a)))
              (local.set $c (i32.add (local.get $c) (i32.lt_u (local.get $v) (local.get $limit))))))
      (local.set $i (i32.add (local.get $i) (i32.and (local.get $v) (i32.const 1))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $c))

  ;; the same but reading in every iteration: i advances by 1 or 2
  (func (export "count_all") (param $base i32) (param $i i32) (param $n i32) (param $limit i32) (result i32)
    (local $c i32) (local $v i32)
    (loop $l
      (local.set $v (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $c (i32.add (local.get $c) (i32.lt_u (local.get $v) (local.get $limit))))
      (local.set $i (i32.add (local.get $i) (select (i32.const 2) (i32.const 1) (i32.and (local.get $v) (i32.const 1)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $c))

  ;; the length of the common prefix of [a, a + limit) and [b, b + limit)
  ;; (limit > 0): LLVM's IndVars makes l a 64-bit counter and the
  ;; addresses a + trunc(l)
  (func (export "match") (param $a i32) (param $b i32) (param $limit i32) (result i32)
    (local $l i32)
    (block $done
      (br_if $done (i32.eqz (local.get $limit)))
      (loop $l
        (br_if $done (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $l)))
                             (i32.load8_u (i32.add (local.get $b) (local.get $l)))))
        (br_if $l (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 1))) (local.get $limit)))))
    (local.get $l))
)

(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const 1024) (i32.const 0) (i32.const 100) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 8192)) (i32.const 160))
(assert_return (invoke "hash32" (i32.const 8192) (i32.const 160)) (i32.const 1449017760))
(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const 1024) (i32.const 0) (i32.const 100) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 1064)) (i32.const 106))
(assert_return (invoke "hash32" (i32.const 1064) (i32.const 106)) (i32.const 1834427753))
(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const 1024) (i32.const 0) (i32.const 100) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 1000)) (i32.const 107))
(assert_return (invoke "hash32" (i32.const 1000) (i32.const 107)) (i32.const 1399380431))
(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const -2147482624) (i32.const 536870912) (i32.const 536871012) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 8192)) (i32.const 160))
(assert_return (invoke "hash32" (i32.const 8192) (i32.const 160)) (i32.const 1449017760))
(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const 1024) (i32.const 1073741824) (i32.const 1073741924) (i32.const 4032) (i32.const 16) (i32.const 96) (i32.const 8192)) (i32.const 160))
(assert_return (invoke "hash32" (i32.const 8192) (i32.const 160)) (i32.const 1449017760))
(invoke "fill32" (i32.const 1024) (i32.const 100) (i32.const 1) (i32.const 3))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_return (invoke "merge" (i32.const 996) (i32.const 7) (i32.const 107) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 8192)) (i32.const 160))
(assert_return (invoke "hash32" (i32.const 8192) (i32.const 160)) (i32.const 1449017760))
(invoke "fill32" (i32.const 65496) (i32.const 10) (i32.const 100) (i32.const 1))
(invoke "fill32" (i32.const 4096) (i32.const 80) (i32.const 2) (i32.const 5))
(assert_trap (invoke "merge" (i32.const 65496) (i32.const 0) (i32.const 100) (i32.const 4096) (i32.const 0) (i32.const 80) (i32.const 8192)) "out of bounds memory access")
(assert_return (invoke "hash32" (i32.const 8192) (i32.const 20)) (i32.const 1303754418))
(invoke "fill32" (i32.const 1024) (i32.const 1000) (i32.const 7) (i32.const 13))
(assert_return (invoke "sum_field" (i32.const 1024) (i32.const 0) (i32.const 100)) (i32.const -1131184210))
(assert_return (invoke "sum_field" (i32.const 1016) (i32.const 357913942) (i32.const 100)) (i32.const -1131184210))
(assert_return (invoke "sum_field" (i32.const -12) (i32.const 86) (i32.const 100)) (i32.const -106496282))
(assert_trap (invoke "sum_field" (i32.const 0) (i32.const 357913941) (i32.const 5)) "out of bounds memory access")
(invoke "fill32" (i32.const 61536) (i32.const 1000) (i32.const 3) (i32.const 1))
(assert_return (invoke "sum_field" (i32.const 65412) (i32.const 0) (i32.const 10)) (i32.const 28771123))
(assert_trap (invoke "sum_field" (i32.const 65412) (i32.const 0) (i32.const 11)) "out of bounds memory access")
(assert_trap (invoke "sum_field" (i32.const -8) (i32.const 0) (i32.const 3)) "out of bounds memory access")
(invoke "fill32" (i32.const 0) (i32.const 1024) (i32.const 5) (i32.const 7))
(assert_return (invoke "count_some" (i32.const -256) (i32.const 200) (i32.const -2147483648)) (i32.const 168))
(assert_return (invoke "count_some" (i32.const 0) (i32.const 300) (i32.const 2000)) (i32.const 143))
(assert_return (invoke "count_some" (i32.const -64) (i32.const 600) (i32.const 3000)) (i32.const 214))
(assert_return (invoke "count_all" (i32.const 1024) (i32.const 0) (i32.const 200) (i32.const 2000)) (i32.const 8))
(assert_return (invoke "count_all" (i32.const 1024) (i32.const 536870912) (i32.const 200) (i32.const 2000)) (i32.const 8))
(assert_return (invoke "count_all" (i32.const -24) (i32.const 3) (i32.const 200) (i32.const 2000)) (i32.const 72))
(invoke "fill32" (i32.const 65280) (i32.const 64) (i32.const 1) (i32.const 1))
(assert_trap (invoke "count_all" (i32.const 65280) (i32.const 0) (i32.const 32) (i32.const 1000)) "out of bounds memory access")
(assert_trap (invoke "count_all" (i32.const 65280) (i32.const 0) (i32.const 64) (i32.const 1000)) "out of bounds memory access")
(invoke "fill32" (i32.const 0) (i32.const 1024) (i32.const 16909060) (i32.const 0))
(invoke "fill32" (i32.const 8192) (i32.const 1024) (i32.const 16909060) (i32.const 0))
(invoke "fill32" (i32.const 12000) (i32.const 1) (i32.const 16909061) (i32.const 0))
(assert_return (invoke "match" (i32.const 0) (i32.const 8192) (i32.const 5000)) (i32.const 3808))
(assert_return (invoke "match" (i32.const 8192) (i32.const 0) (i32.const 20000)) (i32.const 3808))
(assert_return (invoke "match" (i32.const 0) (i32.const 4) (i32.const 3000)) (i32.const 3000))
(assert_trap (invoke "match" (i32.const -16) (i32.const 8176) (i32.const 4000)) "out of bounds memory access")
(assert_return (invoke "match" (i32.const 8192) (i32.const 8196) (i32.const 1000)) (i32.const 1000))
(invoke "fill32" (i32.const 65472) (i32.const 16) (i32.const 16909060) (i32.const 0))
(assert_return (invoke "match" (i32.const 65472) (i32.const 0) (i32.const 64)) (i32.const 64))
(assert_trap (invoke "match" (i32.const 65472) (i32.const 0) (i32.const 65)) "out of bounds memory access")
(assert_trap (invoke "match" (i32.const 0) (i32.const 65472) (i32.const 100)) "out of bounds memory access")
