/*
 * wordfreq: the heap and formatted output.
 *
 * Counts the words of a short text in a hash table whose entries come from
 * malloc() (the SDK's heap spans the guest memory between the end of the
 * image and the stack), sorts them with qsort(), and prints a table with
 * printf field widths. Command-line arguments after the image replace the
 * text: `build/runner samples/wordfreq.elf to be or not to be`.
 * The result is the number of distinct words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
	char *text;
	int count;
	struct word *next;
};

#define BUCKETS 64

static struct word *table[BUCKETS];
static int distinct, total;

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % BUCKETS;
}

static void add_word(const char *text)
{
	unsigned h = hash(text);
	total++;
	for (struct word *w = table[h]; w; w = w->next) {
		if (strcmp(w->text, text) == 0) {
			w->count++;
			return;
		}
	}
	struct word *w = malloc(sizeof(*w));
	if (!w || !(w->text = strdup(text))) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	w->count = 1;
	w->next = table[h];
	table[h] = w;
	distinct++;
}

static int by_count(const void *a, const void *b)
{
	const struct word *x = *(struct word *const *)a;
	const struct word *y = *(struct word *const *)b;
	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->text, y->text);
}

int main(int argc, char **argv)
{
	static const char *const text[] = {
		"the", "quick", "brown", "fox", "jumps", "over", "the", "lazy",
		"dog", "and", "the", "dog", "sleeps",
	};
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			add_word(argv[i]);
	} else {
		for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
			add_word(text[i]);
	}

	struct word **all = malloc(distinct * sizeof(*all));
	int n = 0;
	for (int b = 0; b < BUCKETS; b++)
		for (struct word *w = table[b]; w; w = w->next)
			all[n++] = w;
	qsort(all, n, sizeof(*all), by_count);

	printf("%-10s %5s %6s\n", "word", "count", "share");
	for (int i = 0; i < n; i++)
		printf("%-10s %5d %5.1f%%\n", all[i]->text, all[i]->count,
		       100.0 * all[i]->count / total);
	return distinct;
}
