# The classic KVM hello world's real-mode guest, rewritten for kvmkit's
# tests: store 42 in AX and at 0x400, then halt. One exit: the HLT.
	.code16
	.text
start16:
	mov $42, %ax
	mov %ax, 0x400
	hlt
