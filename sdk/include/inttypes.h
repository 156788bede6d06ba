/* <inttypes.h>: printf/scanf macros for <stdint.h> types (LP64). */
#ifndef _KVMKIT_INTTYPES_H
#define _KVMKIT_INTTYPES_H

#include <stddef.h>
#include <stdint.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

typedef struct { intmax_t quot, rem; } imaxdiv_t;
intmax_t imaxabs(intmax_t x);
imaxdiv_t imaxdiv(intmax_t num, intmax_t den);
intmax_t strtoimax(const char *__restrict s, char **__restrict end, int base);
uintmax_t strtoumax(const char *__restrict s, char **__restrict end, int base);
intmax_t wcstoimax(const wchar_t *__restrict s, wchar_t **__restrict end,
		   int base);
uintmax_t wcstoumax(const wchar_t *__restrict s, wchar_t **__restrict end,
		    int base);

#define __KVMKIT_PRI64 "l"
#define __KVMKIT_PRIPTR "l"

#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 __KVMKIT_PRI64 "d"
#define PRIi8 "i"
#define PRIi16 "i"
#define PRIi32 "i"
#define PRIi64 __KVMKIT_PRI64 "i"
#define PRIo8 "o"
#define PRIo16 "o"
#define PRIo32 "o"
#define PRIo64 __KVMKIT_PRI64 "o"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 __KVMKIT_PRI64 "u"
#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 __KVMKIT_PRI64 "x"
#define PRIX8 "X"
#define PRIX16 "X"
#define PRIX32 "X"
#define PRIX64 __KVMKIT_PRI64 "X"

#define PRIdLEAST8 PRId8
#define PRIdLEAST16 PRId16
#define PRIdLEAST32 PRId32
#define PRIdLEAST64 PRId64
#define PRIuLEAST8 PRIu8
#define PRIuLEAST16 PRIu16
#define PRIuLEAST32 PRIu32
#define PRIuLEAST64 PRIu64
#define PRIxLEAST8 PRIx8
#define PRIxLEAST16 PRIx16
#define PRIxLEAST32 PRIx32
#define PRIxLEAST64 PRIx64
#define PRIdFAST8 "d"
#define PRIdFAST16 __KVMKIT_PRIPTR "d"
#define PRIdFAST32 __KVMKIT_PRIPTR "d"
#define PRIdFAST64 PRId64
#define PRIuFAST8 "u"
#define PRIuFAST16 __KVMKIT_PRIPTR "u"
#define PRIuFAST32 __KVMKIT_PRIPTR "u"
#define PRIuFAST64 PRIu64
#define PRIxFAST8 "x"
#define PRIxFAST16 __KVMKIT_PRIPTR "x"
#define PRIxFAST32 __KVMKIT_PRIPTR "x"
#define PRIxFAST64 PRIx64

#define PRIdMAX "jd"
#define PRIiMAX "ji"
#define PRIoMAX "jo"
#define PRIuMAX "ju"
#define PRIxMAX "jx"
#define PRIXMAX "jX"
#define PRIdPTR __KVMKIT_PRIPTR "d"
#define PRIiPTR __KVMKIT_PRIPTR "i"
#define PRIoPTR __KVMKIT_PRIPTR "o"
#define PRIuPTR __KVMKIT_PRIPTR "u"
#define PRIxPTR __KVMKIT_PRIPTR "x"
#define PRIXPTR __KVMKIT_PRIPTR "X"

#define SCNd8 "hhd"
#define SCNd16 "hd"
#define SCNd32 "d"
#define SCNd64 __KVMKIT_PRI64 "d"
#define SCNi8 "hhi"
#define SCNi16 "hi"
#define SCNi32 "i"
#define SCNi64 __KVMKIT_PRI64 "i"
#define SCNu8 "hhu"
#define SCNu16 "hu"
#define SCNu32 "u"
#define SCNu64 __KVMKIT_PRI64 "u"
#define SCNx8 "hhx"
#define SCNx16 "hx"
#define SCNx32 "x"
#define SCNx64 __KVMKIT_PRI64 "x"
#define SCNo8 "hho"
#define SCNo16 "ho"
#define SCNo32 "o"
#define SCNo64 __KVMKIT_PRI64 "o"
#define SCNdMAX "jd"
#define SCNiMAX "ji"
#define SCNuMAX "ju"
#define SCNxMAX "jx"
#define SCNdPTR __KVMKIT_PRIPTR "d"
#define SCNuPTR __KVMKIT_PRIPTR "u"
#define SCNxPTR __KVMKIT_PRIPTR "x"

__KVMKIT_END_DECLS

#endif
