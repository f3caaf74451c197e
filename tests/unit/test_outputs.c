/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of output writing: outputs on worker threads, their errors, and read-only access. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_common.h"

static const char report[] =
	"[{\"test\": 1, \"id\": \"CVE-2024-0002\", \"severity\": \"LOW\", \"pkg\": \"zlib\","
	" \"version\": \"1.2\"},"
	" {\"test\": 1, \"id\": \"CVE-2024-0001\", \"severity\": \"HIGH\", \"pkg\": \"openssl\","
	" \"version\": \"3.0.1\"}]";

/* What the listing writers write, after their name line. */
static const char listing[] = "CVE-2024-0001 HIGH\nCVE-2024-0002 LOW\n";

typedef struct {
	char folder[PATH_MAX];
	char report[PATH_MAX];
	assay_run *run;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f) {
		return -1;
	}
	snprintf(f->folder, sizeof(f->folder), "%s/assay-outputs-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->folder)) {
		free(f);
		return -1;
	}
	write_temp(f->report, sizeof(f->report), report, sizeof(report) - 1);
	f->run = run_with_test_input();
	if (assay_run_add_input(f->run, "testin", f->report) != 0) {
		return -1;
	}
	*state = f;
	return 0;
}

/* Remove the folder's files; the tests check beforehand what it contained. */
static int teardown(void **state)
{
	fixture *f = *state;
	struct dirent *entry;
	DIR *dir = opendir(f->folder);

	while (dir && (entry = readdir(dir)) != NULL) {
		char path[PATH_MAX + 256];

		if (entry->d_name[0] == '.' && (entry->d_name[1] == '\0' || entry->d_name[1] == '.')) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", f->folder, entry->d_name);
		unlink(path);
	}
	if (dir) {
		closedir(dir);
	}
	rmdir(f->folder);
	unlink(f->report);
	assay_run_free(f->run);
	free(f);
	return 0;
}

/* Load the test output plugin built as `name` and queue it to write `folder`/`name`.txt. */
static void add_output(fixture *f, const char *name)
{
	char plugin[PATH_MAX];
	char path[PATH_MAX + 64];

	assert_int_equal(assay_run_load_plugin(f->run, test_plugin_path(plugin, sizeof(plugin), name)),
			 0);
	snprintf(path, sizeof(path), "%s/%s.txt", f->folder, name);
	assert_int_equal(assay_run_add_output(f->run, name, path), 0);
}

static size_t count_files(const fixture *f)
{
	DIR *dir = opendir(f->folder);
	struct dirent *entry;
	size_t count = 0;

	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL) {
		count += entry->d_name[0] != '.' || strncmp(entry->d_name, ".assay-tmp", 10) == 0;
	}
	closedir(dir);
	return count;
}

static void assert_listing(const fixture *f, const char *name)
{
	char path[PATH_MAX + 64];
	char expected[256];
	char text[256] = {0};
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s.txt", f->folder, name);
	file = fopen(path, "r");
	assert_non_null(file);
	assert_true(fread(text, 1, sizeof(text) - 1, file) > 0);
	fclose(file);
	snprintf(expected, sizeof(expected), "%s: 2 findings\n%s", name, listing);
	assert_string_equal(text, expected);
}

static void run_until_outputs(fixture *f)
{
	assert_int_equal(assay_run_read_inputs(f->run), 0);
	assert_int_equal(assay_run_analyze(f->run), 0);
}

/* Three outputs on worker threads and one on the run's thread: all complete, no temporary file left. */
static void outputs_mixed_all_written(void **state)
{
	fixture *f = *state;

	add_output(f, "outa");
	add_output(f, "outseq");
	add_output(f, "outb");
	add_output(f, "outc");
	run_until_outputs(f);

	assert_int_equal(assay_run_write_outputs(f->run), 0);
	assert_listing(f, "outa");
	assert_listing(f, "outseq");
	assert_listing(f, "outb");
	assert_listing(f, "outc");
	assert_int_equal(count_files(f), 4);
}

/* One failed output: the run fails with its message, and no output is left behind. */
static void outputs_failure_leaves_nothing(void **state)
{
	fixture *f = *state;

	add_output(f, "outa");
	add_output(f, "fail1");
	add_output(f, "outseq");
	add_output(f, "outb");
	run_until_outputs(f);

	assert_int_equal(assay_run_write_outputs(f->run), ASSAY_EIO);
	assert_string_equal(assay_run_error(f->run), "fail1: simulated write failure");
	assert_int_equal(count_files(f), 0);
}

/* Two failed outputs: the message is the one of the first in the order given. */
static void outputs_first_failure_reported(void **state)
{
	fixture *f = *state;

	add_output(f, "outa");
	add_output(f, "fail1");
	add_output(f, "fail2");
	run_until_outputs(f);

	assert_int_equal(assay_run_write_outputs(f->run), ASSAY_EIO);
	assert_string_equal(assay_run_error(f->run), "fail1: simulated write failure");
	assert_int_equal(count_files(f), 0);
}

/* An output that adds a check is stopped: outputs only read the run. */
static void outputs_cannot_change_run(void **state)
{
	fixture *f = *state;

	add_output(f, "mutate");
	run_until_outputs(f);

	assert_int_equal(assay_run_write_outputs(f->run), ASSAY_EINVAL);
	assert_non_null(strstr(assay_run_error(f->run), "assay_check_add() called by an output"));
	assert_int_equal(assay_run_check_count(f->run), 0);
	assert_int_equal(count_files(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(outputs_mixed_all_written, setup, teardown),
		cmocka_unit_test_setup_teardown(outputs_failure_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(outputs_first_failure_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(outputs_cannot_change_run, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
