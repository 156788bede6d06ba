/* <wctype.h> for the "C" locale: <ctype.h>'s classes over ASCII; code
 * points above U+007F are in no class and have no case. */
#include <ctype.h>
#include <string.h>
#include <wctype.h>

#define ASCII(wc) ((wc) < 0x80)

int iswalnum(wint_t wc) { return ASCII(wc) && isalnum((int)wc); }
int iswalpha(wint_t wc) { return ASCII(wc) && isalpha((int)wc); }
int iswblank(wint_t wc) { return ASCII(wc) && isblank((int)wc); }
int iswcntrl(wint_t wc) { return ASCII(wc) && iscntrl((int)wc); }
int iswdigit(wint_t wc) { return ASCII(wc) && isdigit((int)wc); }
int iswgraph(wint_t wc) { return ASCII(wc) && isgraph((int)wc); }
int iswlower(wint_t wc) { return ASCII(wc) && islower((int)wc); }
int iswprint(wint_t wc) { return ASCII(wc) && isprint((int)wc); }
int iswpunct(wint_t wc) { return ASCII(wc) && ispunct((int)wc); }
int iswspace(wint_t wc) { return ASCII(wc) && isspace((int)wc); }
int iswupper(wint_t wc) { return ASCII(wc) && isupper((int)wc); }
int iswxdigit(wint_t wc) { return ASCII(wc) && isxdigit((int)wc); }

wint_t towlower(wint_t wc) { return ASCII(wc) ? (wint_t)tolower((int)wc) : wc; }
wint_t towupper(wint_t wc) { return ASCII(wc) ? (wint_t)toupper((int)wc) : wc; }

static int (*const class_fn[])(wint_t) = {
	iswalnum, iswalpha, iswblank, iswcntrl, iswdigit, iswgraph,
	iswlower, iswprint, iswpunct, iswspace, iswupper, iswxdigit,
};
static const char *const class_name[] = {
	"alnum", "alpha", "blank", "cntrl", "digit", "graph",
	"lower", "print", "punct", "space", "upper", "xdigit",
};

/* A wctype_t is the class's index + 1; 0 names no class. */
wctype_t wctype(const char *name)
{
	for (unsigned i = 0; i < sizeof(class_name) / sizeof(*class_name); i++)
		if (!strcmp(name, class_name[i]))
			return i + 1;
	return 0;
}

int iswctype(wint_t wc, wctype_t desc)
{
	if (desc == 0 || desc > sizeof(class_fn) / sizeof(*class_fn))
		return 0;
	return class_fn[desc - 1](wc);
}

/* A wctrans_t points at one of these two tags. */
static const int trans_tags[2];

wctrans_t wctrans(const char *name)
{
	if (!strcmp(name, "tolower"))
		return &trans_tags[0];
	if (!strcmp(name, "toupper"))
		return &trans_tags[1];
	return NULL;
}

wint_t towctrans(wint_t wc, wctrans_t desc)
{
	if (desc == &trans_tags[0])
		return towlower(wc);
	if (desc == &trans_tags[1])
		return towupper(wc);
	return wc;
}
