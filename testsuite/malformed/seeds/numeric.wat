;; Seed for the must-not-crash mutations: locals, loops, if/else, numeric ops.
(module
  (func $fac (export "fac") (param i64) (result i64) (local i64 f64)
    (local.set 1 (i64.const 1))
    (loop $l
      (if (i64.gt_u (local.get 0) (i64.const 1))
        (then
          (local.set 1 (i64.mul (local.get 1) (local.get 0)))
          (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
          (br $l))
        (else (nop))))
    (local.set 2 (f64.convert_i64_u (local.get 1)))
    (i64.trunc_sat_f64_u (f64.sqrt (f64.mul (local.get 2) (local.get 2))))))
