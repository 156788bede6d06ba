#include "report_error.h"

#include <stdio.h>
#include <string.h>

#include "text_escape.h"

/* Options that take a value in the next word (every required_argument of
 * options.c: keep the two lists together); their value is not the image. */
static bool takes_value(const char *arg)
{
	static const char *const with_value[] = {
		"-m", "--memory", "-s", "--stack", "-e", "--expect",
		"--result-size", "--status", "-t", "--timeout", "--share",
		"--share-limit", "--report", "--report-file", "--repeat",
		"--each", "--env", "--env-host", "--console", "--gdb",
		"--mode", "--load", "--entry", "--expect-ax", "--slice",
		"--console-dir",
	};
	for (size_t i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++)
		if (!strcmp(arg, with_value[i]))
			return true;
	return false;
}

bool report_error_wanted(int argc, char **argv, const char **file)
{
	bool json = false;
	*file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *value = NULL;
		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-' || !a[1])
			break; /* the image: the rest is the guest's */
		if (!strncmp(a, "--report=", 9))
			value = a + 9;
		else if (!strcmp(a, "--report") && i + 1 < argc)
			value = argv[i + 1];
		if (value)
			json = !strcmp(value, "json");
		if (!strncmp(a, "--report-file=", 14))
			*file = a + 14;
		else if (!strcmp(a, "--report-file") && i + 1 < argc)
			*file = argv[i + 1];
		if (!strchr(a, '=') && takes_value(a))
			i++;
	}
	return json;
}

int report_error_json(const char *file, const char *image, int status,
		      const char *message)
{
	FILE *out = stderr;
	if (file && !strcmp(file, "-"))
		out = stdout;
	else if (file && !(out = fopen(file, "w")))
		return -1;
	fprintf(out, "{\"schema\": \"kvmkit-run-report/1\", \"image\": ");
	if (image)
		json_escape(out, image);
	else
		fputs("null", out);
	fprintf(out, ", \"stop\": \"not-started\", \"detail\": ");
	json_escape(out, message);
	fprintf(out, ", \"status\": %d, \"error\": ", status);
	json_escape(out, message);
	fprintf(out, "}\n");
	int failed = fflush(out) != 0;
	if (out != stderr && out != stdout && fclose(out) != 0)
		failed = 1;
	return failed ? -1 : 0;
}
