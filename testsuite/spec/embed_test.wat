;; embed_test.wat - the module embed_test.c drives through the embedding
;; API.  Each write_then_* function stores its argument in the global $g
;; and in memory, then traps in its own way: unreachable, a division by
;; zero, an out-of-bounds load (a hardware fault), runaway recursion; and
;; count_then_trap updates $g in a loop before a callee traps.  The test
;; checks that whatever happened before the trap stays visible.
(module
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))

  (func (export "write_then_unreachable") (param $v i32)
    (global.set $g (local.get $v))
    (i32.store (i32.const 16) (local.get $v))
    (unreachable))

  (func (export "write_then_div") (param $v i32) (param $d i32) (result i32)
    (global.set $g (local.get $v))
    (i32.store (i32.const 20) (local.get $v))
    (i32.div_u (local.get $v) (local.get $d)))

  (func (export "write_then_oob") (param $v i32) (param $addr i32) (result i32)
    (global.set $g (local.get $v))
    (i32.store (i32.const 24) (local.get $v))
    (i32.load (local.get $addr)))

  ;; The global is updated in a loop the optimizer may keep in a register;
  ;; the trap comes from a callee.
  (func $fail (param $n i32) (result i32)
    (i32.div_s (i32.const 1) (i32.sub (local.get $n) (local.get $n))))
  (func (export "count_then_trap") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (call $fail (local.get $n)))

  (func $recurse (export "write_then_recurse") (param $v i32) (result i32)
    (global.set $g (local.get $v))
    (i32.store (i32.const 28) (local.get $v))
    (i32.add (call $recurse (local.get $v)) (i32.const 1)))

  (func (export "set") (param $v i32)
    (global.set $g (local.get $v))
    (i32.store (i32.const 0) (local.get $v)))
  (func (export "get") (result i32) (global.get $g))
  (func (export "load") (param $addr i32) (result i32) (i32.load (local.get $addr)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
