/* The runner's command line. */
#ifndef RUNNER_OPTIONS_H
#define RUNNER_OPTIONS_H

#include "run.h"

enum options_result { OPTIONS_RUN, OPTIONS_EXIT_OK, OPTIONS_ERROR };

/* Fills opt from argv. On OPTIONS_ERROR a message has been printed. */
enum options_result options_parse(struct run_options *opt, int argc,
				  char **argv);

/* The message of the last OPTIONS_ERROR, without "runner: ". */
const char *options_error(void);

/* A usage error: "runner: MESSAGE" (fmt with one %s, arg) and the hint
 * to try --help on stderr; MESSAGE is then options_error(). */
void options_usage_error(const char *fmt, const char *arg);

#endif
