/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the core's unit tests. */
#ifndef ASSAY_TEST_COMMON_H
#define ASSAY_TEST_COMMON_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Path of a test plugin built by tests/unit/CMakeLists.txt, e.g. "good". */
static inline const char *test_plugin_path(char *out, size_t size, const char *name)
{
	const char *dir = getenv("ASSAY_TEST_PLUGIN_DIR");

	snprintf(out, size, "%s/%s/%s.so", dir ? dir : ".", name, name);
	return out;
}

/* Write `text` to a new temporary file and return its path (static buffer per call site). */
static inline void write_temp(char *path, size_t size, const char *text, size_t len)
{
	FILE *f;
	int fd;

	snprintf(path, size, "%s/assay-unit-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		abort();
	}
	f = fdopen(fd, "wb");
	if (!f || fwrite(text, 1, len, f) != len) {
		abort();
	}
	fclose(f);
}

/* A run with the good test input plugins ("testin", "testin2") loaded. */
static inline assay_run *run_with_test_input(void)
{
	char path[PATH_MAX];
	assay_run *run = assay_run_new();

	if (!run || assay_run_load_plugin(run, test_plugin_path(path, sizeof(path), "good")) != 0 ||
	    assay_run_load_plugin(run, test_plugin_path(path, sizeof(path), "second")) != 0) {
		abort();
	}
	return run;
}

#endif
