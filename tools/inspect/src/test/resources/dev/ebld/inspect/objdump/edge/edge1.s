	.text
	r0 = 1
	exit
	.globl alias_b
	.type alias_b,@function
	.globl alias_a
	.type alias_a,@function
alias_b:
alias_a:
	r1 = counter ll
	call ext_fn
	if r1 > 5 goto lbl
	.quad 0
	.quad 0
	.long 0
	.long 0
lbl:
	r0 = 0
	exit
	.type dataobj,@object
dataobj:
	.byte 0x41, 0x42, 0, 0x43, 1, 2, 3, 4, 5, 6, 7
	.byte 8
	.globl zfn
	.type zfn,@function
zfn:
	.quad 0
	.quad 0
	.quad 0
	r1 = 0 ll
	exit
	.quad 0
	.quad 0
	.section .text.second,"ax",@progbits
	.weak wfn
	.type wfn,@function
wfn:
	goto -1
	call wfn
	r2 = wfn ll
	exit
notype_label:
	if r1 == 0 goto notype_label
	gotol +1000
	exit
	.section .data,"aw",@progbits
	.globl counter
	.type counter,@object
	.size counter, 8
counter:
	.quad ext_var
	.long counter
	.hidden hid
	.globl hid
hid:
	.quad 0
	.protected prot
	.globl prot
prot:
	.long 7
	.section sec_nosym,"ax",@progbits
	r0 = 2
	exit
	.bss
	.comm cm,16,4
	.local lcl
lcl:
	.zero 4
	.set absym, 0x1234
	.globl absym
