/* The nightly job from tenant files to reports. */
#ifndef TTLWATCH_RUN_H
#define TTLWATCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenant.h"

enum run_format {
	RUN_FORMAT_CSV = 1 << 0,
	RUN_FORMAT_HTML = 1 << 1,
	RUN_FORMAT_JUNIT = 1 << 2,
	RUN_FORMAT_ALL = RUN_FORMAT_CSV | RUN_FORMAT_HTML | RUN_FORMAT_JUNIT
};

struct run_options {
	const char *const *paths;	/* tenant files and directories */
	size_t	 npaths;
	const char *output_dir;
	const char *const *reported;	/* --reported CSV files */
	size_t	 nreported;
	int64_t	 now;
	int	 warn_days;		/* for tenants that set none */
	unsigned formats;		/* enum run_format bits */
	const char *template_path;
	enum state junit_fail_on;
	bool	 offline;
	int	 jobs;
};

int	run(const struct run_options *opts);

#endif
