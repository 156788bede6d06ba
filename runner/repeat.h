/* --repeat N and --each FILE: one image, many runs, one VM (repeat.c). */
#ifndef RUNNER_REPEAT_H
#define RUNNER_REPEAT_H

#include "run.h"

/* Run opt->image opt->repeat times, or once per line of opt->each_file,
 * resetting the VM in place between runs; a report per run. Returns the
 * runner's exit status: 0 when every run's was 0, else the first other. */
int repeat_main(const struct run_options *opt);

#endif
