	.file "edge2.c"
	.text
	.globl f
	.type f,@function
f:
	goto -5
	goto +100
	.quad sym2
	.quad 0
	.quad 0
	.long 0
	.globl inside
inside:
	.long 0
	r1 = 0x55 ll
	.type objA,@object
objA:
	.globl ntA
ntA:
	.type fnA,@function
fnA:
	r0 = 1
	.type objB,@object
objB:
	.byte 1,2,3,0,0,0,0,0,0,0,0,0,9
	.long f
	.long 0
	r0 = 7
	.byte 0x18, 1, 0, 0, 5, 0, 0, 0
	.type mid,@function
mid:
	.byte 0, 0, 0, 0, 6, 0, 0, 0
	exit
	.byte 1, 2, 3
	.section .rodata,"a",@progbits
	.quad 5
	.section other,"ax",@progbits
	.type o1,@function
o1:
	r1 = .text ll
	call .text
	.zero 16
	.globl sym2
sym2:
	exit

	.type after,@function
	.set after, sym2+64
