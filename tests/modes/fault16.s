# Real mode: divide by zero (#DE, vector 0) at a known address. The
# runner's IVT stub must report it with CS:IP of the DIV.
	.code16
	.text
	mov $0x7000, %sp
	mov $1, %ax
	xor %bl, %bl
	div %bl
	hlt
