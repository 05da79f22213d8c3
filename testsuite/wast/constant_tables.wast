;; call_indirect through a table whose contents are fixed after
;; instantiation (private, never written, filled by in-bounds active
;; segments) becomes a switch over direct calls in wasmc.  Every index must
;; still behave as the checked call would: the right function, and the
;; right trap for out-of-bounds, null and wrong-signature elements; and a
;; table that a failed instantiation left half filled, or that code can
;; change, must not be treated as constant.

(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (global $g (mut i32) (i32.const 0))
  (table $t 6 funcref)
  (elem (table $t) (i32.const 0) func $inc $dbl)
  (elem (table $t) (i32.const 3) func $neg $nop $inc)   ;; 2 stays null
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii) (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.mul (local.get 0) (i32.const 2)))
  (func $neg (type $ii) (i32.sub (i32.const 0) (local.get 0)))
  (func $nop (type $v))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  ;; the global changed by $dbl must be seen after the call, in a loop
  (func (export "sum_dbl") (param i32) (result i32)
    (local $s i32)
    (global.set $g (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $s (i32.add (local.get $s)
          (call_indirect $t (type $ii) (local.get 0) (i32.and (local.get 0) (i32.const 1)))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (i32.add (i32.mul (global.get $g) (i32.const 1000)) (local.get $s)))
)
(assert_return (invoke "call" (i32.const 0) (i32.const 5)) (i32.const 6))
(assert_return (invoke "call" (i32.const 1) (i32.const 5)) (i32.const 10))
(assert_return (invoke "call" (i32.const 3) (i32.const 5)) (i32.const -5))
(assert_return (invoke "call" (i32.const 5) (i32.const 5)) (i32.const 6))
(assert_trap (invoke "call" (i32.const 2) (i32.const 5)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 4) (i32.const 5)) "indirect call type mismatch")
(assert_trap (invoke "call" (i32.const 6) (i32.const 5)) "undefined element")
(assert_trap (invoke "call" (i32.const -1) (i32.const 5)) "undefined element")
;; i = 10..1: odd i -> $dbl (5 calls: 2i), even i -> $inc (i + 1)
;; sum = 2*(9+7+5+3+1) + (11+9+7+5+3) = 50 + 35 = 85, $g = 5
(assert_return (invoke "sum_dbl" (i32.const 10)) (i32.const 5085))

;; a failed instantiation: the first segment puts $probe in an imported
;; table, the second (into another table) is out of bounds, so the third,
;; in bounds, never fills $priv
(module $T
  (type $r (func (result i32)))
  (table (export "t") 2 funcref)
  (func (export "call0") (result i32) (call_indirect (type $r) (i32.const 0))))
(register "T" $T)
(assert_trap
  (module
    (type $r (func (result i32)))
    (import "T" "t" (table 2 funcref))
    (table $priv 2 funcref)
    (table $other 1 funcref)
    (elem (table 0) (i32.const 0) func $probe)
    (elem (table $other) (i32.const 5) func $f)
    (elem (table $priv) (i32.const 0) func $f)
    (func $f (type $r) (i32.const 42))
    (func $probe (type $r) (call_indirect $priv (type $r) (i32.const 0))))
  "out of bounds table access")
(assert_trap (invoke $T "call0") "uninitialized element")

;; tables that code changes are not constant
(module
  (type $r (func (result i32)))
  (table $a 2 funcref)
  (table $b 2 funcref)
  (table $c 2 funcref)
  (elem (table $a) (i32.const 0) func $one $two)
  (elem (table $b) (i32.const 0) func $one $two)
  (elem (table $c) (i32.const 0) func $one $two)
  (elem $seg func $two)
  (func $one (type $r) (i32.const 1))
  (func $two (type $r) (i32.const 2))
  (func (export "set_a") (table.set $a (i32.const 0) (ref.func $two)))
  (func (export "copy_b") (table.copy $b $a (i32.const 1) (i32.const 0) (i32.const 1)))
  (func (export "init_c") (table.init $c $seg (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "a0") (result i32) (call_indirect $a (type $r) (i32.const 0)))
  (func (export "b1") (result i32) (call_indirect $b (type $r) (i32.const 1)))
  (func (export "c0") (result i32) (call_indirect $c (type $r) (i32.const 0)))
)
(assert_return (invoke "a0") (i32.const 1))
(assert_return (invoke "b1") (i32.const 2))
(assert_return (invoke "c0") (i32.const 1))
(invoke "copy_b")
(assert_return (invoke "b1") (i32.const 1))
(invoke "set_a")
(invoke "init_c")
(assert_return (invoke "a0") (i32.const 2))
(assert_return (invoke "c0") (i32.const 2))
