;; mutable i32 global += i32.load8_s of a byte the loop itself stored
;; earlier: g0 += load8_s(i & 0xfff); store8((i * 7) & 0xfff, g0 + (i32)i).
;; 2^30 iterations.  Prints g0 as 16 hex digits on stdout, exits 0.
(module
  (type (func (param i32)))
  (type (func))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (type 0)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (func $start (type 1)
    (local $i i64)
    (local.set $i (i64.const 1073741824))
    (loop $body
      (global.get $g0)
      (i32.load8_s (i32.and (i32.wrap_i64 (local.get $i)) (i32.const 0xfff)))
      (i32.add)
      (global.set $g0)
      (i32.store8
        (i32.and (i32.mul (i32.wrap_i64 (local.get $i)) (i32.const 7)) (i32.const 0xfff))
        (i32.add (global.get $g0) (i32.wrap_i64 (local.get $i))))
      (local.set $i (i64.sub (local.get $i) (i64.const 1)))
      (br_if $body (i64.ne (local.get $i) (i64.const 0))))
    (call $print_hex64 (i64.extend_i32_u (global.get $g0)))
    (call $proc_exit (i32.const 0)))
  ;; Writes $v as 16 hex digits and a newline to fd 1 (buffer at 0x8000,
  ;; iovec at 0x8020, nwritten at 0x8028: away from the loop's bytes).
  (func $print_hex64 (param $v i64)
    (local $k i32) (local $d i32)
    (local.set $k (i32.const 16))
    (loop $digit
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (local.set $d (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15))))
      (i32.store8 offset=0x8000 (local.get $k)
        (i32.add (local.get $d)
          (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $d) (i32.const 10)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $digit (local.get $k)))
    (i32.store8 (i32.const 0x8010) (i32.const 10))
    (i32.store (i32.const 0x8020) (i32.const 0x8000))
    (i32.store (i32.const 0x8024) (i32.const 17))
    (drop (call $fd_write (i32.const 1) (i32.const 0x8020) (i32.const 1) (i32.const 0x8028))))
  (global $g0 (mut i32) (i32.const 0))
  (memory $m0 1)
  (export "_start" (func $start))
  (export "memory" (memory 0)))
