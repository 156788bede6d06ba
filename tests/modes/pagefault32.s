# paged32: a read beyond guest memory (1 GiB, with less memory than that)
# must page-fault (#PF, vector 14): the tables map memory and nothing else.
	.code32
	.text
	mov $0x40000000, %ebx
	mov (%ebx), %eax
	hlt
