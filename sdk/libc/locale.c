/*
 * The one locale of a guest: "C" (also called "POSIX", and what "" picks).
 * Its multibyte encoding is UTF-8, so "C.UTF-8" names the same locale and
 * is accepted too; any other name is not available (NULL, as C says).
 */
#include <limits.h>
#include <locale.h>
#include <string.h>

static const char *current_name[LC_ALL] = {
	"C", "C", "C", "C", "C", "C",
};

static const char *known(const char *name)
{
	if (!*name || !strcmp(name, "C") || !strcmp(name, "POSIX"))
		return "C";
	if (!strcmp(name, "C.UTF-8") || !strcmp(name, "C.utf8"))
		return "C.UTF-8";
	return NULL;
}

char *setlocale(int category, const char *locale)
{
	if (category < 0 || category > LC_ALL)
		return NULL;
	if (locale) {
		const char *name = known(locale);
		if (!name)
			return NULL;
		for (int c = 0; c < LC_ALL; c++)
			if (category == LC_ALL || category == c)
				current_name[c] = name;
	}
	if (category != LC_ALL)
		return (char *)current_name[category];
	/* LC_ALL: one name when every category agrees, as usual. */
	for (int c = 1; c < LC_ALL; c++)
		if (strcmp(current_name[c], current_name[0]))
			return "LC_CTYPE=mixed";
	return (char *)current_name[0];
}

struct lconv *localeconv(void)
{
	static struct lconv c_locale = {
		.decimal_point = ".",
		.thousands_sep = "",
		.grouping = "",
		.int_curr_symbol = "",
		.currency_symbol = "",
		.mon_decimal_point = "",
		.mon_thousands_sep = "",
		.mon_grouping = "",
		.positive_sign = "",
		.negative_sign = "",
		.int_frac_digits = CHAR_MAX,
		.frac_digits = CHAR_MAX,
		.p_cs_precedes = CHAR_MAX,
		.p_sep_by_space = CHAR_MAX,
		.n_cs_precedes = CHAR_MAX,
		.n_sep_by_space = CHAR_MAX,
		.p_sign_posn = CHAR_MAX,
		.n_sign_posn = CHAR_MAX,
		.int_p_cs_precedes = CHAR_MAX,
		.int_p_sep_by_space = CHAR_MAX,
		.int_n_cs_precedes = CHAR_MAX,
		.int_n_sep_by_space = CHAR_MAX,
		.int_p_sign_posn = CHAR_MAX,
		.int_n_sign_posn = CHAR_MAX,
	};
	return &c_locale;
}
