;; What only --bounds-checks=explicit guarantees (testsuite/wast/run.sh runs
;; this directory in explicit mode only): every store that comes before a
;; trapping access in program order has happened when the trap is raised,
;; and a load whose value nobody uses still traps.  With guard pages (the
;; default) LLVM treats an out-of-bounds access as undefined: a vectorized
;; loop faults on a whole vector and drops the in-bounds elements before it,
;; loads move above stores, and unused loads are deleted (docs/STATUS.md).
;; Written in an adversarial review of loopaddr.c (session 5); expected
;; values from node (V8).

;; --- p01_partial
(module
  (memory 1)
  ;; copy n i32 from src to dst, counter i, addresses src + i*4, dst + i*4
  (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))))
  ;; store v into [p, p+4n) by byte counter
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $v) (local.get $i)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))))
  (func (export "get") (param $p i32) (result i32) (i32.load (local.get $p)))
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (i32.add (local.get $s) (i32.mul (i32.add (local.get $i) (i32.const 1)) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
    (local.get $s))
)
(invoke "fill" (i32.const 65000) (i32.const 134) (i32.const 100))
(invoke "fill" (i32.const 1024) (i32.const 200) (i32.const 0))
(assert_trap (invoke "copy" (i32.const 1024) (i32.const 65000) (i32.const 200)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 1024) (i32.const 200)) (i32.const 3571100))
(assert_return (invoke "get" (i32.const 1556)) (i32.const 233))
(assert_return (invoke "get" (i32.const 1560)) (i32.const 134))
(assert_return (invoke "get" (i32.const 1552)) (i32.const 232))
(assert_return (invoke "get" (i32.const 1548)) (i32.const 231))
(assert_trap (invoke "fill" (i32.const 64000) (i32.const 1000) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65532)) (i32.const 390))
(assert_return (invoke "get" (i32.const 65520)) (i32.const 387))
(assert_return (invoke "sum" (i32.const 64000) (i32.const 384)) (i32.const 19391680))

;; --- p06_vecpartial
(module
  (memory 1)
  ;; pointer-bump copy: d, s advance by 4, n counts down (widen_loop/extend case)
  (func (export "copy_bump") (param $d i32) (param $s i32) (param $n i32)
    (loop $l
      (i32.store (local.get $d) (i32.load (local.get $s)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $s (i32.add (local.get $s) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; indexed copy: dst + i, src + i, byte counter i up to n (unsigned compare)
  (func (export "copy_idx") (param $d i32) (param $s i32) (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $d) (local.get $i)) (i32.load (i32.add (local.get $s) (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n)))))
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (loop $l
      (i32.store (local.get $p) (local.get $v))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "get") (param $p i32) (result i32) (i32.load (local.get $p)))
)
(invoke "fill" (i32.const 0) (i32.const 16384) (i32.const 0))
(invoke "fill" (i32.const 65000) (i32.const 134) (i32.const 5000))
(assert_trap (invoke "copy_bump" (i32.const 1024) (i32.const 65000) (i32.const 200)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 1536)) (i32.const 5128))
(assert_return (invoke "get" (i32.const 1548)) (i32.const 5131))
(assert_return (invoke "get" (i32.const 1556)) (i32.const 5133))
(assert_return (invoke "get" (i32.const 1560)) (i32.const 390))
(invoke "fill" (i32.const 0) (i32.const 16000) (i32.const 0))
(assert_trap (invoke "copy_idx" (i32.const 1024) (i32.const 65000) (i32.const 800)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 1536)) (i32.const 5128))
(assert_return (invoke "get" (i32.const 1548)) (i32.const 5131))
(assert_return (invoke "get" (i32.const 1556)) (i32.const 5133))
(assert_return (invoke "get" (i32.const 1560)) (i32.const 390))

;; --- p08_idiom
(module
  (memory 1)
  (func (export "zero") (param $p i32) (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.const 7))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func (export "get") (param $p i32) (result i32) (i32.load8_u (local.get $p)))
)
(assert_trap (invoke "zero" (i32.const 60001) (i32.const 10000)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 60000)) (i32.const 0))
(assert_return (invoke "get" (i32.const 63000)) (i32.const 7))
(assert_return (invoke "get" (i32.const 65535)) (i32.const 7))
(assert_return (invoke "get" (i32.const 65520)) (i32.const 7))

;; --- p02_deadload
(module
  (memory 1)
  (func (export "dead_add") (param $p i32) (result i32)
    (drop (i32.add (i32.load (local.get $p)) (i32.const 1)))
    (i32.const 7))
  (func (export "dead_local") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (i32.const 7))
  (func (export "dead_select") (param $p i32) (result i32)
    (select (i32.const 7) (i32.load (local.get $p)) (i32.const 1)))
  (func (export "same_store") (param $p i32) (result i32)
    (i32.store (local.get $p) (i32.load (local.get $p)))
    (i32.const 7))
  (func (export "dead_loop") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.const 7))
)
(assert_trap (invoke "dead_add" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "dead_local" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "dead_select" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "same_store" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "dead_loop" (i32.const 65000) (i32.const 1000)) "out of bounds memory access")

