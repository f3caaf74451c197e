/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the public JSON helpers: typed getters, null as absent and path text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "assay/json.h"
#include "internal.h"
#include "test_common.h"

/* A run and a ctx that records errors against a report named report.json. */
typedef struct {
	assay_run *run;
	assay_ctx ctx;
	assay_json_path path;
	cJSON *doc;
} fixture;

static const char DOCUMENT[] = "{\"name\": \"openssl\", \"empty\": \"\", \"count\": 3.5,"
			       " \"fixed\": true, \"list\": [1, \"two\"], \"meta\": {\"a\": 1},"
			       " \"gone\": null}";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f) {
		return -1;
	}
	f->run = assay_run_new();
	f->doc = cJSON_Parse(DOCUMENT);
	if (!f->run || !f->doc) {
		return -1;
	}
	f->ctx.run = f->run;
	f->ctx.document_path = "report.json";
	assay_json_path_init(&f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	cJSON_Delete(f->doc);
	assay_run_free(f->run);
	free(f);
	return 0;
}

/* The message of the error recorded since the last call, then forget it. */
static const char *take_error(fixture *f)
{
	static char message[1024];

	snprintf(message, sizeof(message), "%s", assay_run_error(f->run));
	f->run->error[0] = '\0';
	f->run->error_code = 0;
	return message;
}

static void getters_read_their_type(void **state)
{
	fixture *f = *state;
	const char *text = NULL;
	const cJSON *item = NULL;
	double number = 0;
	bool present = false;
	int flag = -1;

	assert_int_equal(assay_json_get_string(&f->ctx, &f->path, f->doc, "name", &text), 0);
	assert_string_equal(text, "openssl");
	assert_int_equal(
	    assay_json_get_number(&f->ctx, &f->path, f->doc, "count", &number, &present), 0);
	assert_true(present);
	assert_true(number == 3.5);
	assert_int_equal(assay_json_get_bool(&f->ctx, &f->path, f->doc, "fixed", &flag), 0);
	assert_int_equal(flag, 1);
	assert_int_equal(assay_json_get_array(&f->ctx, &f->path, f->doc, "list", &item), 0);
	assert_int_equal(cJSON_GetArraySize(item), 2);
	assert_int_equal(assay_json_get_object(&f->ctx, &f->path, f->doc, "meta", &item), 0);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(item, "a"));
	assert_string_equal(take_error(f), "");
}

static void null_missing_and_empty_are_absent(void **state)
{
	fixture *f = *state;
	const char *text = "x";
	const cJSON *item = f->doc;
	double number = 1;
	bool present = true;
	int flag = 0;

	assert_int_equal(assay_json_get_string(&f->ctx, &f->path, f->doc, "gone", &text), 0);
	assert_null(text);
	text = "x";
	assert_int_equal(assay_json_get_string(&f->ctx, &f->path, f->doc, "empty", &text), 0);
	assert_null(text);
	assert_int_equal(
	    assay_json_get_number(&f->ctx, &f->path, f->doc, "gone", &number, &present), 0);
	assert_false(present);
	assert_true(number == 0);
	assert_int_equal(assay_json_get_bool(&f->ctx, &f->path, f->doc, "missing", &flag), 0);
	assert_int_equal(flag, -1);
	assert_int_equal(assay_json_get_array(&f->ctx, &f->path, f->doc, "gone", &item), 0);
	assert_null(item);
	item = f->doc;
	assert_int_equal(assay_json_get_object(&f->ctx, &f->path, f->doc, "missing", &item), 0);
	assert_null(item);
	assert_string_equal(take_error(f), "");
}

static void type_errors_name_the_path(void **state)
{
	fixture *f = *state;
	const char *text = NULL;
	const cJSON *item = NULL;
	double number = 0;
	bool present = false;
	int flag = 0;

	assert_int_equal(assay_json_get_string(&f->ctx, &f->path, f->doc, "count", &text),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f), "report.json: count: expected a string, found a number");
	assert_int_equal(
	    assay_json_get_number(&f->ctx, &f->path, f->doc, "name", &number, &present),
	    ASSAY_EPARSE);
	assert_string_equal(take_error(f), "report.json: name: expected a number, found a string");
	assert_int_equal(assay_json_get_bool(&f->ctx, &f->path, f->doc, "list", &flag),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f),
			    "report.json: list: expected true or false, found a list");
	assert_int_equal(assay_json_get_array(&f->ctx, &f->path, f->doc, "meta", &item),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f), "report.json: meta: expected a list, found an object");
	assert_int_equal(assay_json_get_object(&f->ctx, &f->path, f->doc, "fixed", &item),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f),
			    "report.json: fixed: expected an object, found a boolean");
	assert_null(item);
	assert_int_equal(f->path.len, 0);
}

static void path_joins_keys_and_indexes(void **state)
{
	fixture *f = *state;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(f->doc, "list");
	size_t top = assay_json_path_push_key(&f->path, "Results");
	size_t mark = 0;

	assert_string_equal(assay_json_path_text(&f->path), "Results");
	assay_json_path_push_index(&f->path, 2);
	mark = assay_json_path_push_key(&f->path, "Vulnerabilities");
	assay_json_path_push_index(&f->path, 0);
	assert_string_equal(assay_json_path_text(&f->path), "Results[2].Vulnerabilities[0]");
	assert_int_equal(assay_json_type_error(&f->ctx, &f->path, "Severity",
					       cJSON_GetArrayItem(list, 0), "a string"),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f), "report.json: Results[2].Vulnerabilities[0].Severity: "
					   "expected a string, found a number");
	assay_json_path_pop(&f->path, mark);
	assert_string_equal(assay_json_path_text(&f->path), "Results[2]");
	assay_json_path_pop(&f->path, top);
	assert_string_equal(assay_json_path_text(&f->path), "the document");
	assert_int_equal(assay_json_type_error(&f->ctx, &f->path, NULL, NULL, "an object"),
			 ASSAY_EPARSE);
	assert_string_equal(take_error(f),
			    "report.json: the document: expected an object, found null");
}

static void long_path_is_cut(void **state)
{
	fixture *f = *state;
	char key[ASSAY_JSON_PATH_MAX * 2];
	size_t mark = assay_json_path_push_key(&f->path, "top");

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assay_json_path_push_key(&f->path, key);
	assert_int_equal(f->path.len, ASSAY_JSON_PATH_MAX - 1);
	assert_int_equal(strlen(assay_json_path_text(&f->path)), ASSAY_JSON_PATH_MAX - 1);
	assay_json_path_push_index(&f->path, 7);
	assert_int_equal(f->path.len, ASSAY_JSON_PATH_MAX - 1);
	assay_json_path_pop(&f->path, mark);
	assert_string_equal(assay_json_path_text(&f->path), "the document");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(getters_read_their_type, setup, teardown),
	    cmocka_unit_test_setup_teardown(null_missing_and_empty_are_absent, setup, teardown),
	    cmocka_unit_test_setup_teardown(type_errors_name_the_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(path_joins_keys_and_indexes, setup, teardown),
	    cmocka_unit_test_setup_teardown(long_path_is_cut, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
