/* SPDX-License-Identifier: Apache-2.0 */
/* Tests that the JSON text writer prints strings and numbers byte for byte as cJSON does. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "json_text.h"

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

typedef enum { WRITE_STRING, WRITE_NUMBER } write_kind;

/* What the writer prints for one string or number, through a memory stream. */
static char *writer_text(write_kind kind, const char *s, double number)
{
	char *data = NULL;
	size_t size = 0;
	FILE *stream = open_memstream(&data, &size);
	json_text text;

	assert_non_null(stream);
	assert_true(json_text_init(&text, stream));
	if (kind == WRITE_STRING) {
		json_text_string(&text, s);
	} else {
		json_text_number(&text, number);
	}
	json_text_dispose(&text);
	assert_int_equal(fclose(stream), 0);
	return data;
}

static void assert_same_string(const char *s)
{
	char *expected = cjson_text(cJSON_CreateString(s));
	char *got = writer_text(WRITE_STRING, s, 0);

	if (strcmp(expected, got) != 0) {
		fail_msg("string of %zu bytes: cJSON printed %s, the writer %s", strlen(s), expected,
			 got);
	}
	free(expected);
	free(got);
}

static void assert_same_number(double value)
{
	char *expected = cjson_text(cJSON_CreateNumber(value));
	char *got = writer_text(WRITE_NUMBER, NULL, value);

	if (strcmp(expected, got) != 0) {
		fail_msg("number %.17g: cJSON printed %s, the writer %s", value, expected, got);
	}
	free(expected);
	free(got);
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
		/* The same byte inside and at each end of a word-sized run of plain text. */
		snprintf(text, sizeof(text), "abcdefgh%cijklmnop%c", (char)c, (char)c);
		assert_same_string(text);
	}
}

static void test_random_strings(void **state)
{
	static const char alphabet[] = "\x01\x08\x09\x0a\x0c\x0d\x1f \"\\/abcXYZ{}<>&'\x7f"
				       "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	char text[200];
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t len;
		size_t i;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % (sizeof(text) - 1);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		text[len] = '\0';
		assert_same_string(text);
	}
}

/* A string longer than one escape step, with escapes on both sides of each step's end. */
static void test_long_string_with_escapes(void **state)
{
	size_t len = 100000;
	char *text = malloc(len + 1);
	size_t i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < len; i++) {
		text[i] = (i % 997 == 0 || i % 16384 < 2 || i % 16384 > 16381) ? '\n' : 'x';
	}
	text[len] = '\0';
	assert_same_string(text);
	free(text);
}

static void test_empty_and_missing_strings(void **state)
{
	char *got = writer_text(WRITE_STRING, NULL, 0);

	(void)state;
	assert_same_string("");
	assert_string_equal(got, "\"\"");
	free(got);
}

static void test_numbers(void **state)
{
	static const double values[] = {0.0, -0.0, 1, 12, 7.5, 9.8, 0.1, 0.3, 1.0 / 3, 0.00043,
					1e-320, 1e21, 3e9, 2147483647.0, 2147483648.0, -2.5,
					123456789012345678.0, 1e300};
	unsigned seed = 99;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_same_number(values[i]);
	}
	assert_same_number(NAN);
	assert_same_number(INFINITY);
	assert_same_number(-INFINITY);
	for (i = 0; i < 20000; i++) {
		uint64_t bits = 0;
		double value;
		int part;

		for (part = 0; part < 4; part++) {
			seed = seed * 1103515245u + 12345u;
			bits = (bits << 16) | ((seed >> 8) & 0xFFFF);
		}
		memcpy(&value, &bits, sizeof(value));
		assert_same_number(value);
		/* Scores and probabilities: a few decimals. */
		assert_same_number((double)(bits % 1000) / 10.0);
		assert_same_number((double)(bits % 100000) / 100000.0);
	}
}

/* Decimals that the writer prints by hand: each size of the range, both ends, and zeros. */
static void test_short_decimals(void **state)
{
	static const double values[] = {1e-4, 0.0001000001, 9.9999e-5, 0.5, 0.05, 0.10, 1.0, 10.0,
					100.25, 0.000001, 0.123456, 0.1234567, 999999999.0,
					999999999.5, 1e9, 123.000001, 8.8, 4.3, 0.97532, 1e-3};
	unsigned seed = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_same_number(values[i]);
	}
	for (i = 0; i < 20000; i++) {
		uint64_t whole;
		int places;

		seed = seed * 1103515245u + 12345u;
		whole = ((uint64_t)seed << 20) ^ (seed >> 5);
		places = (int)(seed >> 28) % 8;
		whole %= (uint64_t)1000000000000000;
		assert_same_number((double)whole / pow(10, places));
		assert_same_number((double)(whole % 100000) / pow(10, places));
		assert_same_number(nextafter((double)(whole % 1000) / 10.0, 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_alone_and_in_text),
		cmocka_unit_test(test_random_strings),
		cmocka_unit_test(test_long_string_with_escapes),
		cmocka_unit_test(test_empty_and_missing_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_short_decimals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
