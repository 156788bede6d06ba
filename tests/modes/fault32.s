# 32-bit protected mode: an undefined opcode (#UD, vector 6).
	.code32
	.text
	mov $0x7000, %esp
	ud2
	hlt
