/* <ctype.h>: the "C" locale, the only one a guest has. */
#ifndef _KVMKIT_CTYPE_H
#define _KVMKIT_CTYPE_H

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);
int isascii(int c);
int toascii(int c);

__KVMKIT_END_DECLS

#endif
