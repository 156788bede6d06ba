/*
 * The JSON report of a run that never started: bad options, a refused
 * image, a host error. With --report json every run ends with exactly one
 * JSON object, so a script always has one to parse.
 */
#ifndef RUNNER_REPORT_ERROR_H
#define RUNNER_REPORT_ERROR_H

#include <stdbool.h>

/* Whether argv asks for --report json, and where the report goes
 * (--report-file; NULL = stderr). Looks at the words before the image as
 * the option parser would, but also after an option error, when opt is
 * not filled in. The last --report and --report-file win. */
bool report_error_wanted(int argc, char **argv, const char **file);

/* Write {"schema": ..., "stop": "not-started", "status": status,
 * "error": message, ...} to file (NULL or "-": stderr/stdout). image may
 * be NULL. Returns 0 or -1. */
int report_error_json(const char *file, const char *image, int status,
		      const char *message);

#endif
