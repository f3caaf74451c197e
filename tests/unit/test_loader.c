/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the plugin loader: what it accepts and each way it rejects a plugin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_common.h"

static void load_good_plugin(void **state)
{
	char path[PATH_MAX];
	assay_run *run = assay_run_new();
	assay_plugin_info info;

	(void)state;
	assert_int_equal(assay_run_load_plugin(run, test_plugin_path(path, sizeof(path), "good")), 0);
	assert_int_equal(assay_run_plugin_count(run), 1);
	info = assay_run_plugin_at(run, 0);
	assert_string_equal(info.descriptor->name, "testin");
	assert_int_equal(info.descriptor->kind, ASSAY_PLUGIN_INPUT);
	assert_string_equal(info.path, path);
	assay_run_free(run);
}

/* Load `name`, expect `code` and a message that contains `expected`. */
static void expect_rejected(const char *name, int code, const char *expected)
{
	char path[PATH_MAX];
	assay_run *run = assay_run_new();

	assert_int_equal(assay_run_load_plugin(run, test_plugin_path(path, sizeof(path), name)), code);
	assert_int_equal(assay_run_plugin_count(run), 0);
	assert_non_null(strstr(assay_run_error(run), path));
	if (!strstr(assay_run_error(run), expected)) {
		fail_msg("message '%s' lacks '%s'", assay_run_error(run), expected);
	}
	assay_run_free(run);
}

static void reject_missing_symbol(void **state)
{
	(void)state;
	expect_rejected("no_symbol", ASSAY_EABI, "the symbol assay_plugin_entry is missing");
}

static void reject_wrong_major(void **state)
{
	(void)state;
	expect_rejected("wrong_major", ASSAY_EABI, "unsupported plugin ABI version 2.0");
}

static void reject_newer_minor(void **state)
{
	(void)state;
	expect_rejected("newer_minor", ASSAY_EABI, "this assay supports ABI 1.0 to 1.1");
}

static void reject_unknown_flags(void **state)
{
	(void)state;
	expect_rejected("unknown_flags", ASSAY_EABI, "sets unknown descriptor flags 0x80000000");
}

/* A plugin built for ABI 1.0 has no `flags`: whatever lies past its size is not read. */
static void load_abi_1_0_plugin(void **state)
{
	char path[PATH_MAX];
	assay_run *run = assay_run_new();

	(void)state;
	assert_int_equal(assay_run_load_plugin(run, test_plugin_path(path, sizeof(path), "abi_1_0")),
			 0);
	assert_int_equal(assay_run_plugin_count(run), 1);
	assay_run_free(run);
}

static void reject_missing_callback(void **state)
{
	(void)state;
	expect_rejected("no_reader", ASSAY_EABI, "lacks its probe or read callback");
}

static void reject_duplicate_name(void **state)
{
	char good[PATH_MAX];
	char duplicate[PATH_MAX];
	assay_run *run = assay_run_new();

	(void)state;
	assert_int_equal(assay_run_load_plugin(run, test_plugin_path(good, sizeof(good), "good")), 0);
	assert_int_equal(assay_run_load_plugin(run, test_plugin_path(duplicate, sizeof(duplicate),
								   "duplicate")),
			 ASSAY_EABI);
	assert_int_equal(assay_run_plugin_count(run), 1);
	assert_non_null(strstr(assay_run_error(run), "duplicate input plugin name 'testin'"));
	assert_non_null(strstr(assay_run_error(run), good));
	assay_run_free(run);
}

static void reject_missing_file(void **state)
{
	assay_run *run = assay_run_new();

	(void)state;
	assert_int_equal(assay_run_load_plugin(run, "/nonexistent/plugin.so"), ASSAY_EABI);
	assert_non_null(strstr(assay_run_error(run), "cannot load plugin"));
	assay_run_free(run);
}

static void reject_missing_folder(void **state)
{
	assay_run *run = assay_run_new();

	(void)state;
	assert_int_equal(assay_run_load_plugin_dir(run, "/nonexistent/plugins", false),
			 ASSAY_ENOTFOUND);
	assert_non_null(strstr(assay_run_error(run), "/nonexistent/plugins"));
	assay_run_free(run);
	run = assay_run_new();
	assert_int_equal(assay_run_load_plugin_dir(run, "/nonexistent/plugins", true), 0);
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_good_plugin),
		cmocka_unit_test(reject_missing_symbol),
		cmocka_unit_test(reject_wrong_major),
		cmocka_unit_test(reject_newer_minor),
		cmocka_unit_test(reject_unknown_flags),
		cmocka_unit_test(load_abi_1_0_plugin),
		cmocka_unit_test(reject_missing_callback),
		cmocka_unit_test(reject_duplicate_name),
		cmocka_unit_test(reject_missing_file),
		cmocka_unit_test(reject_missing_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
