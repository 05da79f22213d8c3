;; call_indirect and promoted globals.  wasmc keeps a function's mutable
;; globals in registers and writes them back / reloads them only around
;; calls whose possible callees touch them; for call_indirect those are the
;; functions its tables may hold *with the call's signature* (compared
;; structurally, not by type index).  These tests fail if a write-back or a
;; reload is skipped wrongly.

(module
  (type $a (func (param i32) (result i32)))
  (type $b (func (param i32) (result i32)))   ;; same signature as $a
  (type $v (func))
  (global $g (mut i32) (i32.const 0))
  (global $h (mut i32) (i32.const 100))
  (table 4 funcref)
  (elem (i32.const 0) $bump $quiet $read_g $boom)
  ;; type $b: changes $g
  (func $bump (type $b) (global.set $g (i32.add (global.get $g) (local.get 0)))
    (global.get $g))
  ;; type $v: touches nothing
  (func $quiet (type $v))
  ;; type $b: reads $g (the caller must have written it back)
  (func $read_g (type $b) (i32.add (global.get $g) (local.get 0)))
  ;; type $v: traps after changing $h
  (func $boom (type $v) (global.set $h (i32.const 7)) unreachable)

  ;; call through type $a reaches $bump (declared with $b): $g must be
  ;; reloaded after the call.  (The exported functions have signatures of
  ;; their own: an export is a reference too, and one of type $a that
  ;; writes $g would hide a mistake here.)
  (func (export "bump_via_a") (param i32 i32) (result i32)
    (global.set $g (i32.const 10))
    (drop (call_indirect (type $a) (local.get 0) (i32.const 0)))
    (global.get $g))
  ;; $read_g must see the value set just before the call
  (func (export "read_via_a") (result i32)
    (global.set $g (i32.const 40))
    (call_indirect (type $a) (i32.const 2) (i32.const 2)))
  ;; a call of type $v reaches $quiet or $boom, which never touch $g: its
  ;; value stays right either way
  (func (export "quiet_keeps_g") (result i32)
    (global.set $g (i32.const 5))
    (call_indirect (type $v) (i32.const 1))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g))
  ;; the callee traps: $g set before must be in memory when it does
  (func (export "set_then_boom") (param i32)
    (global.set $g (local.get 0))
    (global.set $h (i32.const 1))
    (call_indirect (type $v) (i32.const 3)))
  ;; signature mismatch traps in the caller; $g set before is kept too
  (func (export "set_then_mismatch") (param i32)
    (global.set $g (local.get 0))
    (call_indirect (type $v) (i32.const 0)))
  (func (export "g") (result i32) (global.get $g))
  (func (export "h") (result i32) (global.get $h))
)

(assert_return (invoke "bump_via_a" (i32.const 5) (i32.const 0)) (i32.const 15))
(assert_return (invoke "g") (i32.const 15))
(assert_return (invoke "read_via_a") (i32.const 42))
(assert_return (invoke "quiet_keeps_g") (i32.const 6))
(assert_trap (invoke "set_then_boom" (i32.const 77)) "unreachable")
(assert_return (invoke "g") (i32.const 77))
(assert_return (invoke "h") (i32.const 7))
(assert_trap (invoke "set_then_mismatch" (i32.const 88)) "indirect call type mismatch")
(assert_return (invoke "g") (i32.const 88))

;; the table is exported: other code may put any function in it, so every
;; call_indirect may touch every global
(module $shared
  (type $v (func))
  (global $g (export "g") (mut i32) (i32.const 0))
  (table (export "t") 2 funcref)
  (func (export "set_g_then_call") (param i32) (result i32)
    (global.set $g (local.get 0))
    (call_indirect (type $v) (i32.const 0))
    (global.get $g))
)
(register "shared" $shared)
(module
  (type $v (func))
  (import "shared" "g" (global $g (mut i32)))
  (import "shared" "t" (table 2 funcref))
  (elem (i32.const 0) $double)
  (func $double (type $v) (global.set $g (i32.mul (global.get $g) (i32.const 2))))
)
(assert_return (invoke $shared "set_g_then_call" (i32.const 21)) (i32.const 42))
