;; A function whose loops nest 150 deep is compiled without LLVM's
;; optimizations (compiler/lower.c: LLVM's loop analyses are quadratic in
;; the nesting depth; wasmc refuses more than 1000, testsuite/malformed).
;; It must still compute what the module says; expected values from node.

(module (memory 1) (data (i32.const 0) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\05\00\00\00\06\00\00\00\07\00\00\00\08\00\00\00\09\00\00\00\0a\00\00\00\0b\00\00\00\0c\00\00\00\0d\00\00\00\0e\00\00\00\0f\00\00\00\10\00\00\00")
  (func (export "f") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l0
    (loop $l1
    (loop $l2
    (loop $l3
    (loop $l4
    (loop $l5
    (loop $l6
    (loop $l7
    (loop $l8
    (loop $l9
    (loop $l10
    (loop $l11
    (loop $l12
    (loop $l13
    (loop $l14
    (loop $l15
    (loop $l16
    (loop $l17
    (loop $l18
    (loop $l19
    (loop $l20
    (loop $l21
    (loop $l22
    (loop $l23
    (loop $l24
    (loop $l25
    (loop $l26
    (loop $l27
    (loop $l28
    (loop $l29
    (loop $l30
    (loop $l31
    (loop $l32
    (loop $l33
    (loop $l34
    (loop $l35
    (loop $l36
    (loop $l37
    (loop $l38
    (loop $l39
    (loop $l40
    (loop $l41
    (loop $l42
    (loop $l43
    (loop $l44
    (loop $l45
    (loop $l46
    (loop $l47
    (loop $l48
    (loop $l49
    (loop $l50
    (loop $l51
    (loop $l52
    (loop $l53
    (loop $l54
    (loop $l55
    (loop $l56
    (loop $l57
    (loop $l58
    (loop $l59
    (loop $l60
    (loop $l61
    (loop $l62
    (loop $l63
    (loop $l64
    (loop $l65
    (loop $l66
    (loop $l67
    (loop $l68
    (loop $l69
    (loop $l70
    (loop $l71
    (loop $l72
    (loop $l73
    (loop $l74
    (loop $l75
    (loop $l76
    (loop $l77
    (loop $l78
    (loop $l79
    (loop $l80
    (loop $l81
    (loop $l82
    (loop $l83
    (loop $l84
    (loop $l85
    (loop $l86
    (loop $l87
    (loop $l88
    (loop $l89
    (loop $l90
    (loop $l91
    (loop $l92
    (loop $l93
    (loop $l94
    (loop $l95
    (loop $l96
    (loop $l97
    (loop $l98
    (loop $l99
    (loop $l100
    (loop $l101
    (loop $l102
    (loop $l103
    (loop $l104
    (loop $l105
    (loop $l106
    (loop $l107
    (loop $l108
    (loop $l109
    (loop $l110
    (loop $l111
    (loop $l112
    (loop $l113
    (loop $l114
    (loop $l115
    (loop $l116
    (loop $l117
    (loop $l118
    (loop $l119
    (loop $l120
    (loop $l121
    (loop $l122
    (loop $l123
    (loop $l124
    (loop $l125
    (loop $l126
    (loop $l127
    (loop $l128
    (loop $l129
    (loop $l130
    (loop $l131
    (loop $l132
    (loop $l133
    (loop $l134
    (loop $l135
    (loop $l136
    (loop $l137
    (loop $l138
    (loop $l139
    (loop $l140
    (loop $l141
    (loop $l142
    (loop $l143
    (loop $l144
    (loop $l145
    (loop $l146
    (loop $l147
    (loop $l148
    (loop $l149
    (local.set $s (i32.add (local.get $s) (i32.load (local.get $i))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l149 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l148 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l147 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l146 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l145 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l144 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l143 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l142 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l141 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l140 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l139 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l138 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l137 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l136 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l135 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l134 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l133 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l132 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l131 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l130 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l129 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l128 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l127 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l126 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l125 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l124 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l123 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l122 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l121 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l120 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l119 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l118 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l117 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l116 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l115 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l114 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l113 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l112 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l111 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l110 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l109 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l108 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l107 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l106 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l105 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l104 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l103 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l102 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l101 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l100 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l99 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l98 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l97 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l96 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l95 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l94 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l93 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l92 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l91 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l90 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l89 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l88 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l87 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l86 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l85 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l84 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l83 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l82 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l81 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l80 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l79 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l78 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l77 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l76 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l75 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l74 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l73 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l72 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l71 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l70 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l69 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l68 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l67 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l66 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l65 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l64 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l63 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l62 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l61 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l60 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l59 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l58 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l57 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l56 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l55 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l54 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l53 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l52 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l51 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l50 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l49 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l48 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l47 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l46 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l45 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l44 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l43 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l42 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l41 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l40 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l39 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l38 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l37 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l36 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l35 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l34 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l33 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l32 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l31 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l30 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l29 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l28 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l27 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l26 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l25 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l24 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l23 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l22 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l21 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l20 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l19 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l18 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l17 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l16 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l15 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l14 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l13 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l12 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l11 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l10 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l9 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l8 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l7 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l6 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l5 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l4 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l3 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l2 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l1 (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br_if $l0 (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
(assert_return (invoke "f" (i32.const 0)) (i32.const 1))
(assert_return (invoke "f" (i32.const 4)) (i32.const 1))
(assert_return (invoke "f" (i32.const 8)) (i32.const 3))
(assert_return (invoke "f" (i32.const 40)) (i32.const 55))
(assert_return (invoke "f" (i32.const 64)) (i32.const 136))
