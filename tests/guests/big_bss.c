/* A guest with 4 MiB of .bss: too big for 2 MiB of guest memory. */
static volatile char big[4 << 20];

int main(void)
{
	big[sizeof(big) - 1] = 1;
	return big[sizeof(big) - 1] - 1;
}
