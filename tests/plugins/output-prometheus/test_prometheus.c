/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Prometheus output's label escaping, label names, values and expiry dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prometheus.c"
#include "prometheus_results.c"

static void assert_label_value(const char *input, const char *expected)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	write_label_value(out, input);
	fclose(out);
	assert_string_equal(text, expected);
	free(text);
}

static void label_value_escapes_format_characters(void **state)
{
	(void)state;
	assert_label_value("plain:1.0", "plain:1.0");
	assert_label_value("a\"b", "a\\\"b");
	assert_label_value("a\\b", "a\\\\b");
	assert_label_value("a\nb", "a\\nb");
	assert_label_value("tab\tcr\r", "tab\xEF\xBF\xBD" "cr\xEF\xBF\xBD");
	assert_label_value("bad\xc3", "bad\xEF\xBF\xBD");
	assert_label_value("caf\xC3\xA9", "caf\xC3\xA9");
}

static void sample_has_no_timestamp(void **state)
{
	char *text = NULL;
	size_t size = 0;
	prom_writer w;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.out = open_memstream(&text, &size);
	assert_non_null(w.out);
	w.extra[0].name = "team";
	w.extra[0].value = "shop";
	w.extra_count = 1;
	prom_sample(&w, "m");
	prom_label_add(&w, "image", "x");
	prom_value(&w, 3);
	prom_sample(&w, "m");
	prom_value(&w, 0.25);
	w.extra_count = 0;
	prom_sample(&w, "m");
	prom_value(&w, 1796601600);
	fclose(w.out);
	assert_string_equal(text, "m{image=\"x\",team=\"shop\"} 3\nm{team=\"shop\"} 0.25\nm 1796601600\n");
	free(text);
}

static void label_names_follow_the_format(void **state)
{
	static const char *const valid[] = {"team", "_x", "a1", "Pipeline_2"};
	static const char *const invalid[] = {"", "1a", "__name", "a-b", "a.b", "image", "severity",
					      "kind", "scanner", "component", "within_days", "version"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		assert_true(is_label_name(valid[i], strlen(valid[i])));
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		assert_false(is_label_name(invalid[i], strlen(invalid[i])));
	}
}

static void expiry_dates_parse_to_midnight_utc(void **state)
{
	static const char *const invalid[] = {"", "2024-1-01", "2024-13-01", "2024-00-10",
					      "2024-01-32", "2024/01/01", "2024-01-01T00:00:00Z",
					      "20240101", "abcd-ef-gh"};
	long long when = 0;
	size_t i;

	(void)state;
	assert_true(parse_expiry("1970-01-01", &when));
	assert_int_equal(when, 0);
	assert_true(parse_expiry("2024-02-29", &when));
	assert_int_equal(when, 1709164800);
	assert_true(parse_expiry("2000-03-01", &when));
	assert_int_equal(when, 951868800);
	assert_true(parse_expiry("2031-06-01", &when));
	assert_int_equal(when, 1938038400);
	assert_false(parse_expiry(NULL, &when));
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		assert_false(parse_expiry(invalid[i], &when));
	}
}

static void threshold_names_give_kind_and_severity(void **state)
{
	int kind = -1;
	int severity = -1;

	(void)state;
	assert_true(parse_threshold_name("threshold.critical", &kind, &severity));
	assert_int_equal(kind, ASSAY_KIND_VULNERABILITY);
	assert_int_equal(severity, ASSAY_SEVERITY_CRITICAL);
	assert_true(parse_threshold_name("threshold.secret.high", &kind, &severity));
	assert_int_equal(kind, ASSAY_KIND_SECRET);
	assert_int_equal(severity, ASSAY_SEVERITY_HIGH);
	assert_false(parse_threshold_name("threshold.secret", &kind, &severity));
	assert_false(parse_threshold_name("threshold.HIGH", &kind, &severity));
	assert_false(parse_threshold_name("policy.no-root", &kind, &severity));
	assert_false(parse_threshold_name(NULL, &kind, &severity));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(label_value_escapes_format_characters),
		cmocka_unit_test(sample_has_no_timestamp),
		cmocka_unit_test(label_names_follow_the_format),
		cmocka_unit_test(expiry_dates_parse_to_midnight_utc),
		cmocka_unit_test(threshold_names_give_kind_and_severity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
