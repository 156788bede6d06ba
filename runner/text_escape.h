/*
 * Guest- and file-supplied strings made safe for reports: a guest's abort
 * message or an image's symbol names must not forge report lines or reach
 * a terminal as escape sequences.
 */
#ifndef RUNNER_TEXT_ESCAPE_H
#define RUNNER_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Copy src into dst (always NUL-terminated) as one line of text: valid
 * UTF-8 is kept, except control characters (C0, DEL, C1); those, bytes
 * that are not valid UTF-8, and the backslash are written as \xNN (\\ for
 * the backslash). Output that does not fit is cut at a whole character. */
void text_escape(char *dst, size_t dstlen, const char *src);

/* Write src as a JSON string literal, quotes included: valid UTF-8 stays
 * text, control characters become \n, \t or \u00NN, and each byte that is
 * not valid UTF-8 becomes U+FFFD (JSON text must be UTF-8). */
void json_escape(FILE *out, const char *src);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if there is none
 * (overlong forms, surrogates and code points above U+10FFFF are invalid).
 * Stores the code point in *cp. */
size_t utf8_sequence(const unsigned char *s, unsigned *cp);

#endif
