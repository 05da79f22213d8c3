;; c[i] += a * b[i] over f64 arrays, unrolled by two the way clang -O2
;; emits it for wasm32 (no SIMD): pointers advance by 16 and the second
;; element is at p + 8.  Once addrfacts.c proves p + 8 and p + 16 do not
;; wrap, LLVM's vectorizers can pair the two elements (mulpd/addpd).
(module
  (memory (export "memory") 1)
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
        (br $l)))))
