/* SPDX-License-Identifier: Apache-2.0 */
/* Tests that the SARIF output prints JSON strings and numbers byte for byte as cJSON does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "sarif.h"

/* What cJSON prints for `item`, which this takes. */
static char *cjson_text(cJSON *item)
{
	char *printed = NULL;
	char *copy = NULL;

	assert_non_null(item);
	printed = cJSON_PrintUnformatted(item);
	assert_non_null(printed);
	copy = strdup(printed);
	assert_non_null(copy);
	cJSON_free(printed);
	cJSON_Delete(item);
	return copy;
}

static void assert_same_string(const char *s)
{
	char *expected = cjson_text(cJSON_CreateString(s));
	sarif_buf got = {0};

	sarif_buf_add_json_string(&got, s);
	assert_false(got.failed);
	if (strcmp(expected, got.data) != 0) {
		fail_msg("string of %zu bytes: cJSON printed %s, the SARIF output %s", strlen(s),
			 expected, got.data);
	}
	free(expected);
	sarif_buf_dispose(&got);
}

static void assert_same_number(double value)
{
	char *expected = cjson_text(cJSON_CreateNumber(value));
	sarif_buf got = {0};

	sarif_buf_add_json_number(&got, value);
	assert_false(got.failed);
	if (strcmp(expected, got.data) != 0) {
		fail_msg("number %.17g: cJSON printed %s, the SARIF output %s", value, expected,
			 got.data);
	}
	free(expected);
	sarif_buf_dispose(&got);
}

static void test_every_byte_alone_and_in_text(void **state)
{
	char text[32];
	int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		text[0] = (char)c;
		text[1] = '\0';
		assert_same_string(text);
		snprintf(text, sizeof(text), "abc%cdef%c", (char)c, (char)c);
		assert_same_string(text);
	}
	assert_same_string("");
}

static void test_numbers(void **state)
{
	static const double numbers[] = {0,   1,    10,       7.3,   9.8,  0.1,    1e-7,
					 4.4, 5.5,  3.333333, -2.5,  1e300, 2147483647.0,
					 2147483648.0, -2147483649.0, 5.12345678901234567};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		assert_same_number(numbers[i]);
	}
}

/* A text that needs no repair is printed as it is; one that does is repaired first. */
static void test_text_is_cut_and_repaired_as_before(void **state)
{
	static const char *const texts[] = {"plain", "bad \xff byte", "tab\there", "bell\x07",
					    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"};
	sarif_buf repair = {0};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *expected = cjson_text(sarif_json_text(texts[i], 3));
		sarif_buf got = {0};

		sarif_buf_add_json_text(&got, texts[i], 3, &repair);
		assert_false(got.failed);
		assert_string_equal(expected, got.data);
		free(expected);
		sarif_buf_dispose(&got);
	}
	sarif_buf_dispose(&repair);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_alone_and_in_text),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_text_is_cut_and_repaired_as_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
