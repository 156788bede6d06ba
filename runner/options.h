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

#endif
