/*
 * The run report: why the guest stopped, its result, the exits it made,
 * and on faults where it was and what it was doing. Text for people on
 * stderr, or one JSON object for graders and scripts (docs/report.md).
 */
#ifndef RUNNER_REPORT_H
#define RUNNER_REPORT_H

#include <stdio.h>

#include "run.h"

void report_text(FILE *out, const struct run *run);
void report_json(FILE *out, const struct run *run);

/* Write the report as --report and --report-file ask. Returns 0, or -1
 * after printing why it could not be written. */
int report_write(const struct run *run);

/* "#PF (page fault)" etc. */
const char *exception_mnemonic(unsigned vector);
const char *exception_description(unsigned vector);

/* The one-line description of a fault, e.g. "guest exception #DE (divide
 * error) at rip 0x100020 in divide+0x8". */
void describe_fault(const struct run *run, char *buf, size_t len);

#endif
