;; Any call can exhaust the stack, whether or not the callee could trap
;; otherwise.  A global that the caller keeps in a register and changed
;; must then already be in memory, where the embedder (or the next call)
;; reads it.  (Executables need not: their trap ends the process.)

(module
  (type $ii (func (param i32) (result i32)))
  (global $g (mut i32) (i32.const 0))
  (table 1 funcref)
  (elem (i32.const 0) $rec)
  ;; no trapping instruction, never touches $g: only the stack can end it
  (func $rec (type $ii) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "direct") (result i32)
    (global.set $g (i32.const 5))
    (drop (call $rec (i32.const 0)))
    (global.get $g))
  (func (export "indirect") (result i32)
    (global.set $g (i32.const 6))
    (drop (call_indirect (type $ii) (i32.const 0) (i32.const 0)))
    (global.get $g))
  (func (export "get") (result i32) (global.get $g)))

(assert_exhaustion (invoke "direct") "call stack exhausted")
(assert_return (invoke "get") (i32.const 5))
(assert_exhaustion (invoke "indirect") "call stack exhausted")
(assert_return (invoke "get") (i32.const 6))
