/*
 * <wctype.h>: wide-character classes and case mappings of the guest's
 * "C" locale: the ASCII letters, digits... as in <ctype.h>; no code point
 * above U+007F is in any class or has a case (sdk/libc/wctype.c).
 */
#ifndef _KVMKIT_WCTYPE_H
#define _KVMKIT_WCTYPE_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

typedef unsigned int wint_t;
typedef unsigned long wctype_t;
typedef const int *wctrans_t;

#ifndef WEOF
#define WEOF (0xffffffffu)
#endif

int iswalnum(wint_t wc);
int iswalpha(wint_t wc);
int iswblank(wint_t wc);
int iswcntrl(wint_t wc);
int iswdigit(wint_t wc);
int iswgraph(wint_t wc);
int iswlower(wint_t wc);
int iswprint(wint_t wc);
int iswpunct(wint_t wc);
int iswspace(wint_t wc);
int iswupper(wint_t wc);
int iswxdigit(wint_t wc);
int iswctype(wint_t wc, wctype_t desc);
wctype_t wctype(const char *name);
wint_t towlower(wint_t wc);
wint_t towupper(wint_t wc);
wint_t towctrans(wint_t wc, wctrans_t desc);
wctrans_t wctrans(const char *name);

__KVMKIT_END_DECLS

#endif
