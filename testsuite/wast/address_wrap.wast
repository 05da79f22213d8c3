;; wasmc marks `i32.add p, c` as not wrapping (nuw) when an access through
;; p came first in the same block and 0 < c < 2^16: the access proves p is
;; below the memory size, which the runtime keeps under 2^32 - 2^16
;; (compiler/addrfacts.c).  Addresses that really wrap must still wrap, and
;; a memory must never grow to 65536 pages, or the fact would be false.
;; Expected values agree with wabt's spectest-interp, but for the last
;; module's (wabt allows 65536 pages).

(module
  (memory 1)
  (data (i32.const 0) "\2a\00\00\00")
  (data (i32.const 8) "\07\00\00\00")

  ;; no access through $p before the add: p = -8 must read address 0
  (func (export "wrap_first") (param $p i32) (result i32)
    (i32.load (i32.add (local.get $p) (i32.const 8))))

  ;; an access through $p first: for p = -8 it traps before the add
  (func (export "access_then_add") (param $p i32) (result i32)
    (i32.add (i32.load (local.get $p))
             (i32.load (i32.add (local.get $p) (i32.const 8)))))

  ;; -8 is 0xfffffff8: a large constant, the add wraps for any p >= 8
  (func (export "access_then_sub") (param $p i32) (result i32)
    (i32.add (i32.load (local.get $p))
             (i32.load (i32.add (local.get $p) (i32.const -8)))))

  ;; the same with the access's static offset and a later constant
  (func (export "offset_then_add") (param $p i32) (result i32)
    (i32.add (i32.load offset=8 (local.get $p))
             (i32.load (i32.add (local.get $p) (i32.const 65528)))))

  ;; an unrolled loop over f64 pairs, the shape the vectorizers now see:
  ;; fills [lo, hi) with 1, 2, 3, ... and returns their sum read back
  (func (export "pairs") (param $lo i32) (param $hi i32) (result f64)
    (local $p i32) (local $k f64) (local $s f64)
    (local.set $p (local.get $lo))
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $p) (local.get $hi)))
        (local.set $k (f64.add (local.get $k) (f64.const 1)))
        (f64.store (local.get $p) (local.get $k))
        (local.set $k (f64.add (local.get $k) (f64.const 1)))
        (f64.store (i32.add (local.get $p) (i32.const 8)) (local.get $k))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $fill)))
    (local.set $p (local.get $lo))
    (block $done2
      (loop $sum
        (br_if $done2 (i32.ge_u (local.get $p) (local.get $hi)))
        (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))
        (local.set $s (f64.add (local.get $s)
                               (f64.load (i32.add (local.get $p) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $sum)))
    (local.get $s))

  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))

  ;; the same local, but not the same value: wasmc sees locals as memory
  ;; cells and must notice the store between the two reads
  (func (export "stale_access") (param $p i32) (param $q i32) (result i32)
    local.get $p                ;; the old p stays on the stack
    local.get $q
    local.set $p                ;; p := q
    i32.load                    ;; accesses the old p
    local.get $p
    i32.const 8
    i32.add                     ;; q + 8: q was never accessed
    i32.load
    i32.add)
  (func (export "stale_add") (param $p i32) (param $q i32) (result i32)
    local.get $p                ;; the old p stays on the stack
    local.get $q
    local.set $p                ;; p := q
    local.get $p
    i32.load                    ;; accesses q
    drop
    i32.const 8
    i32.add                     ;; old p + 8
    i32.load)
  (func (export "reassigned") (param $p i32) (param $q i32) (result i32)
    local.get $p
    i32.load                    ;; accesses p
    local.get $q
    local.set $p                ;; p := q
    local.get $p
    i32.const 8
    i32.add                     ;; q + 8: q was never accessed
    i32.load
    i32.add)
  ;; local.tee: the accessed value is the one stored
  (func (export "tee_then_add") (param $p i32) (result i32)
    (local $x i32)
    (i32.add (i32.load (local.tee $x (i32.add (local.get $p) (i32.const 0))))
             (i32.load (i32.add (local.get $x) (i32.const 8)))))

  ;; c[i] += a * b[i], unrolled by two (testsuite/examples/axpy_pairs.wat):
  ;; vectorized now, so it must still honour overlapping c and b
  (func (export "axpy") (param $c i32) (param $b i32) (param $a f64) (param $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (f64.store (local.get $c)
          (f64.add (f64.load (local.get $c))
                   (f64.mul (local.get $a) (f64.load (local.get $b)))))
        (f64.store (i32.add (local.get $c) (i32.const 8))
          (f64.add (f64.load (i32.add (local.get $c) (i32.const 8)))
                   (f64.mul (local.get $a) (f64.load (i32.add (local.get $b) (i32.const 8))))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))
  ;; f64 k at p + 8k for k < n, and their sum
  (func (export "iota") (param $p i32) (param $n i32)
    (local $k i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (f64.store (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 3)))
                   (f64.convert_i32_u (local.get $k)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l))))
  (func (export "sum") (param $p i32) (param $n i32) (result f64)
    (local $k i32) (local $s f64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $s (f64.add (local.get $s)
          (f64.load (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l)))
    (local.get $s))
)

(assert_return (invoke "wrap_first" (i32.const -8)) (i32.const 42))
(assert_return (invoke "wrap_first" (i32.const 0)) (i32.const 7))
(assert_trap (invoke "access_then_add" (i32.const -8)) "out of bounds memory access")
(assert_return (invoke "access_then_add" (i32.const 0)) (i32.const 49))
(assert_return (invoke "access_then_sub" (i32.const 8)) (i32.const 49))
(assert_trap (invoke "access_then_sub" (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "offset_then_add" (i32.const 0)) (i32.const 7))
(assert_trap (invoke "offset_then_add" (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "stale_access" (i32.const 0) (i32.const -8)) (i32.const 84))
(assert_return (invoke "stale_add" (i32.const -8) (i32.const 0)) (i32.const 42))
(assert_return (invoke "reassigned" (i32.const 0) (i32.const -8)) (i32.const 84))
(assert_return (invoke "tee_then_add" (i32.const 0)) (i32.const 49))
(assert_trap (invoke "tee_then_add" (i32.const -8)) "out of bounds memory access")

;; the whole page: 8192 doubles, sum 8192 * 8193 / 2
(assert_return (invoke "pairs" (i32.const 0) (i32.const 65536)) (f64.const 33558528))
(assert_return (invoke "pairs" (i32.const 48) (i32.const 80)) (f64.const 10))
;; one pair past the end: traps at the first store beyond it
(assert_trap (invoke "pairs" (i32.const 65520) (i32.const 65552)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x40000000))  ;; 2.0's high half

;; disjoint arrays: c[i] = i + 2i
(invoke "iota" (i32.const 4096) (i32.const 64))
(invoke "iota" (i32.const 8192) (i32.const 64))
(invoke "axpy" (i32.const 4096) (i32.const 8192) (f64.const 2) (i32.const 32))
(assert_return (invoke "sum" (i32.const 4096) (i32.const 64)) (f64.const 6048))
;; c one element after b: each step adds the element just updated
(invoke "iota" (i32.const 8192) (i32.const 64))
(invoke "axpy" (i32.const 8200) (i32.const 8192) (f64.const 1) (i32.const 16))
(assert_return (invoke "sum" (i32.const 8192) (i32.const 64)) (f64.const 7472))
;; c one element before b: each step reads the old value
(invoke "iota" (i32.const 8192) (i32.const 64))
(invoke "axpy" (i32.const 8184) (i32.const 8192) (f64.const 1) (i32.const 32))
(assert_return (invoke "sum" (i32.const 8184) (i32.const 65)) (f64.const 5056))  ;; 8184 held 1024.0 from "pairs"
;; the last pairs of memory, then one pair past its end
(invoke "iota" (i32.const 64512) (i32.const 128))
(invoke "axpy" (i32.const 65024) (i32.const 64512) (f64.const 1) (i32.const 32))
(assert_return (invoke "sum" (i32.const 65024) (i32.const 64)) (f64.const 8128))
(assert_trap (invoke "axpy" (i32.const 65504) (i32.const 0) (f64.const 1) (i32.const 3))
             "out of bounds memory access")

;; the runtime's limit: 65535 pages, not 65536, whatever the maximum says
(module
  (memory 0)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))

(assert_return (invoke "grow" (i32.const 65536)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 65535)) (i32.const 0))
(assert_return (invoke "size") (i32.const 65535))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0)) (i32.const 65535))
(invoke "poke" (i32.const -65537))
(assert_return (invoke "peek" (i32.const -65537)) (i32.const 1))
(assert_trap (invoke "peek" (i32.const -65536)) "out of bounds memory access")
