/*
 * The run report: why the guest stopped, its result, the exits it made,
 * and on faults where it was and what it was doing. Text for people on
 * stderr, or one JSON object for graders and scripts (docs/report.md).
 */
#ifndef RUNNER_REPORT_H
#define RUNNER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"

void report_text(FILE *out, const struct run *run);
void report_json(FILE *out, const struct run *run);

/* Write the report as --report and --report-file ask. Returns 0, or -1
 * after printing why it could not be written. */
int report_write(const struct run *run);

/* The pieces of report_write(), for callers that put several reports in
 * one output (scheduler.c): append run's report in its --report format to out;
 * write text where opt's --report-file says (stderr by default). */
void report_format(FILE *out, const struct run *run);
int report_emit(const struct run_options *opt, const char *text, size_t len,
		bool append);

/* s as a JSON string, quoted and escaped. */
void json_string(FILE *out, const char *s);

/* "#PF (page fault)" etc. */
const char *exception_mnemonic(unsigned vector);
const char *exception_description(unsigned vector);

/* The one-line description of a fault, e.g. "guest exception #DE (divide
 * error) at rip 0x100020 in divide+0x8". */
void describe_fault(const struct run *run, char *buf, size_t len);

#endif
