;; Loop addresses (compiler/loopaddr.c).  In loops wasmc gives an address
;; a + i its own no-wrap 64-bit induction variable when an access through
;; it runs in every iteration, and gives each array a loop walks its own
;; pointer, so that LLVM's run-time overlap checks compare arrays, not the
;; two halves of one unrolled pair.  Overlapping arrays (c = a + 8, a - 8,
;; a) must still compute what the scalar loop computes; addresses that wrap
;; before the loop, or between iterations that do not access, must still
;; wrap; and an address that runs off the end of memory must trap.
;; Expected values computed with node (V8) running the same module.

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
