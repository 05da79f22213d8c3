;; An out-of-bounds load traps even when its value is dropped, also when
;; it reaches the drop through a block's or an if's result.  With guard
;; pages the trap needs the load to execute, and LLVM deletes loads whose
;; value is unused, so wasmc marks the loads feeding a drop volatile,
;; through the result phis.  (Loads left in unused locals or multiplied by
;; zero can still lose their trap: docs/STATUS.md.)

(module
  (memory 1)
  (func (export "drop_direct") (drop (i32.load (i32.const 0x7ffffff0))))
  (func (export "drop_block")
    (drop (block (result i32) (i32.load (i32.const 0x7ffffff0)))))
  (func (export "drop_br") (param i32)
    (drop (block (result i32)
      (br 0 (i32.load (local.get 0))))))
  (func (export "drop_if") (param i32)
    (drop (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else (i32.load (i32.const 0x7ffffff0))))))
  (func (export "drop_nested") (param i32)
    (drop (block (result i64)
      (if (result i64) (local.get 0)
        (then (i64.extend_i32_u (i32.load8_u (i32.const 65536))))
        (else (i64.const 2)))))))

(assert_trap (invoke "drop_direct") "out of bounds memory access")
(assert_trap (invoke "drop_block") "out of bounds memory access")
(assert_trap (invoke "drop_br" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "drop_br" (i32.const 0)))
(assert_trap (invoke "drop_if" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "drop_if" (i32.const 1)))
(assert_trap (invoke "drop_nested" (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "drop_nested" (i32.const 0)))
