/* libc test guest: qsort and bsearch on 100000 numbers and on strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int v[100000];

int main(void)
{
	srand(7);
	for (int i = 0; i < 100000; i++)
		v[i] = rand() % 1000;
	qsort(v, 100000, sizeof(int), cmp_int);
	for (int i = 1; i < 100000; i++)
		if (v[i - 1] > v[i]) {
			printf("qsort: not sorted at %d\n", i);
			return 1;
		}
	for (int key = 0; key < 1000; key += 37) {
		int *p = bsearch(&key, v, 100000, sizeof(int), cmp_int);
		if (p && *p != key)
			return 2;
	}
	const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date" };
	qsort(words, 6, sizeof(*words), cmp_str);
	for (int i = 0; i < 6; i++)
		printf("%s%c", words[i], i < 5 ? ' ' : '\n');
	const char *key = "date";
	const char **hit = bsearch(&key, words, 6, sizeof(*words), cmp_str);
	printf("qsort ok, date at %d\n", hit ? (int)(hit - words) : -1);
	return 0;
}
