# Long mode, raw image: an undefined opcode (#UD, vector 6).
	.code64
	.text
	ud2
	hlt
