/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that writes the gate as JUnit XML: a test suite per image, a test case per check. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <assay/assay.h>

/* Findings listed in a failure's body; the rest are counted. */
#define FAILURE_FINDINGS_MAX 50

/* Code points kept of one scanner-provided string in a name or message. */
#define TEXT_MAX 500

/* U+FFFD in UTF-8: replaces bytes XML 1.0 cannot carry. */
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"

/* Classnames stay fixed, so CI systems track a check's history by its name. */
#define GATE_CLASSNAME "assay.gate"
#define IGNORED_CLASSNAME "assay.ignored"

/* One test suite: the checks and ignored findings of an image, or of the run (image NULL). */
typedef struct {
	const assay_image *image;
	const char *name;
} suite;

typedef struct {
	assay_ctx *ctx;
	FILE *out;
	char timestamp[32];
	char hostname[256];
} junit_writer;

/* ---- XML escaping ---- */

/* Length of the valid UTF-8 sequence at `s` (RFC 3629), or 0 when invalid. */
static size_t utf8_sequence_length(const unsigned char *s)
{
	if (s[0] < 0x80) {
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		unsigned char low = s[0] == 0xE0 ? 0xA0 : 0x80;
		unsigned char high = s[0] == 0xED ? 0x9F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		unsigned char low = s[0] == 0xF0 ? 0x90 : 0x80;
		unsigned char high = s[0] == 0xF4 ? 0x8F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 &&
			       (s[3] & 0xC0) == 0x80
			   ? 4
			   : 0;
	}
	return 0;
}

/* Number of code points of `s`, an invalid byte counting as one. */
static size_t count_chars(const unsigned char *s)
{
	size_t chars = 0;

	while (*s != '\0') {
		size_t n = utf8_sequence_length(s);

		s += n > 0 ? n : 1;
		chars++;
	}
	return chars;
}

/*
 * Write `text` escaped for XML 1.0, as an attribute value when
 * `attribute` is set (quotes and line breaks become character references,
 * which attribute normalization would otherwise turn into spaces) or as
 * element content. Characters XML 1.0 cannot carry at all (C0 controls
 * other than tab and line breaks, U+FFFE, U+FFFF) and invalid UTF-8
 * become U+FFFD. A text longer than `max_chars` code points (0: no
 * limit) keeps max_chars - 1 of them and ends with "…".
 */
static void write_escaped(FILE *out, const char *text, bool attribute, size_t max_chars)
{
	const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
	size_t keep = max_chars > 0 && count_chars(s) > max_chars ? max_chars - 1 : (size_t)-1;
	size_t chars = 0;

	for (; *s != '\0'; chars++) {
		size_t n = utf8_sequence_length(s);

		if (chars == keep) {
			fputs(ELLIPSIS, out);
			return;
		}
		if (n == 0 || (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') ||
		    (n == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))) {
			fputs(REPLACEMENT_CHARACTER, out);
			s += n > 0 ? n : 1;
			continue;
		}
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs(attribute ? "&quot;" : "\"", out);
			break;
		case '\'':
			fputs(attribute ? "&apos;" : "'", out);
			break;
		case '\t':
			fputs(attribute ? "&#9;" : "\t", out);
			break;
		case '\n':
			fputs(attribute ? "&#10;" : "\n", out);
			break;
		case '\r':
			fputs("&#13;", out);
			break;
		default:
			fwrite(s, 1, n, out);
		}
		s += n;
	}
}

/* Write ` name="value"` with the value escaped. */
static void write_attribute(FILE *out, const char *name, const char *value, size_t max_chars)
{
	fprintf(out, " %s=\"", name);
	write_escaped(out, value, true, max_chars);
	fputc('"', out);
}

/* ---- What belongs to a suite ---- */

/* Whether a check belongs to `s`: by image name, or image NULL for the run's suite. */
static bool check_in_suite(const assay_check *check, const suite *s)
{
	if (s->image == NULL) {
		return check->image == NULL;
	}
	return check->image != NULL && strcmp(check->image, s->image->name) == 0;
}

static bool finding_in_suite(const assay_ctx *ctx, const assay_finding *f, const suite *s)
{
	return f->ignored && assay_image_of(ctx, f) == s->image;
}

/* Counts of the test cases of a suite. */
typedef struct {
	size_t tests;
	size_t failures;
	size_t skipped;
} suite_counts;

static void count_suite(suite_counts *out, const assay_ctx *ctx, const suite *s)
{
	size_t checks = assay_check_count(ctx);
	size_t findings = assay_finding_count(ctx);
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(ctx, i, NULL);

		if (check_in_suite(check, s)) {
			out->tests++;
			out->failures += check->passed ? 0 : 1;
		}
	}
	for (i = 0; i < findings; i++) {
		if (finding_in_suite(ctx, assay_finding_at(ctx, i), s)) {
			out->tests++;
			out->skipped++;
		}
	}
}

/* ---- Failures: the findings behind a threshold check ---- */

/*
 * Read the kind and severity a threshold check counts from its name:
 * "threshold.high" counts vulnerabilities of one severity,
 * "threshold.secret.high" another kind. Returns false for checks whose
 * name does not identify their findings (policy rules), which then list
 * none.
 */
static bool threshold_scope(const char *name, int *kind, int *severity)
{
	char token[32];
	const char *s;

	if (strncmp(name, "threshold.", 10) != 0) {
		return false;
	}
	*kind = ASSAY_KIND_VULNERABILITY;
	*severity = -1;
	for (s = name + 10; *s != '\0';) {
		size_t len = strcspn(s, ".");
		int k;

		if (len < sizeof(token)) {
			memcpy(token, s, len);
			token[len] = '\0';
			if (strcasecmp(token, "unknown") == 0 ||
			    assay_severity_parse(token) != ASSAY_SEVERITY_UNKNOWN) {
				*severity = (int)assay_severity_parse(token);
			}
			for (k = 0; k < ASSAY_KIND_COUNT; k++) {
				if (strcmp(token, assay_kind_name((assay_kind)k)) == 0) {
					*kind = k;
				}
			}
		}
		s += len;
		s += *s == '.' ? 1 : 0;
	}
	return *severity >= 0;
}

/* Whether a boolean run option is on: set to anything but "", "0" or "false". */
static bool option_is_on(const assay_ctx *ctx, const char *name)
{
	const char *value = assay_option_get(ctx, name);

	return value != NULL && value[0] != '\0' && strcmp(value, "0") != 0 &&
	       strcmp(value, "false") != 0;
}

/* One line of a failure's body: "CVE-… HIGH libfoo 1.2 (fixed in 1.3)". */
static void write_finding_line(FILE *out, const assay_finding *f)
{
	size_t i;

	write_escaped(out, f->id, false, TEXT_MAX);
	fprintf(out, " %s", assay_severity_name(f->severity));
	if (f->pkg_name != NULL) {
		fputc(' ', out);
		write_escaped(out, f->pkg_name, false, TEXT_MAX);
	}
	if (f->pkg_version != NULL) {
		fputc(' ', out);
		write_escaped(out, f->pkg_version, false, TEXT_MAX);
	}
	for (i = 0; i < f->fixed_versions.count; i++) {
		fputs(i == 0 ? " (fixed in " : ", ", out);
		write_escaped(out, f->fixed_versions.items[i], false, TEXT_MAX);
	}
	fputs(f->fixed_versions.count > 0 ? ")\n" : "\n", out);
}

/* The findings a threshold check counted, as the thresholds analyzer counts them. */
static void write_failed_findings(junit_writer *w, const assay_check *check)
{
	size_t count = assay_finding_count(w->ctx);
	bool only_new = option_is_on(w->ctx, "fail-on-new");
	size_t listed = 0;
	size_t more = 0;
	int severity;
	int kind;
	size_t i;

	if (check->name == NULL || !threshold_scope(check->name, &kind, &severity)) {
		return;
	}
	for (i = 0; i < count; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);
		const assay_image *image = assay_image_of(w->ctx, f);

		if (f->ignored || (int)f->kind != kind || (int)f->severity != severity ||
		    (only_new && f->baseline != ASSAY_BASELINE_NEW) ||
		    (check->image != NULL &&
		     (image == NULL || strcmp(image->name, check->image) != 0))) {
			continue;
		}
		if (listed == FAILURE_FINDINGS_MAX) {
			more++;
			continue;
		}
		if (listed++ == 0) {
			fputs("findings:\n", w->out);
		}
		write_finding_line(w->out, f);
	}
	if (more > 0) {
		fprintf(w->out, "and %zu more\n", more);
	}
}

/* ---- Writing ---- */

static void write_check(junit_writer *w, const assay_check *check, const char *source)
{
	fputs("    <testcase", w->out);
	write_attribute(w->out, "name", check->name != NULL ? check->name : "check", TEXT_MAX);
	write_attribute(w->out, "classname", GATE_CLASSNAME, 0);
	fputs(" time=\"0\"", w->out);
	if (check->passed) {
		fputs("/>\n", w->out);
		return;
	}
	fputs(">\n      <failure", w->out);
	write_attribute(w->out, "message", check->message != NULL ? check->message : check->name,
			TEXT_MAX);
	write_attribute(w->out, "type", source != NULL ? source : "check", TEXT_MAX);
	fputc('>', w->out);
	write_escaped(w->out, check->message != NULL ? check->message : check->name, false, 0);
	fputc('\n', w->out);
	if (check->count >= 0 && check->limit >= 0) {
		fprintf(w->out, "count %lld, limit %lld\n", check->count, check->limit);
	}
	write_failed_findings(w, check);
	fputs("</failure>\n    </testcase>\n", w->out);
}

/* "CVE-… in libfoo 1.2" or "DS002 in Dockerfile:3": stable while the finding is. */
static void write_ignored_name(FILE *out, const assay_finding *f)
{
	fprintf(out, " name=\"%s ", assay_kind_name(f->kind));
	write_escaped(out, f->id, true, TEXT_MAX);
	if (f->pkg_name != NULL) {
		fputs(" in ", out);
		write_escaped(out, f->pkg_name, true, TEXT_MAX);
		if (f->pkg_version != NULL) {
			fputc(' ', out);
			write_escaped(out, f->pkg_version, true, TEXT_MAX);
		}
	}
	if (f->pkg_path != NULL || f->file != NULL) {
		fputs(" at ", out);
		write_escaped(out, f->pkg_path != NULL ? f->pkg_path : f->file, true, TEXT_MAX);
		if (f->pkg_path == NULL && f->start_line > 0) {
			fprintf(out, ":%d", f->start_line);
		}
	}
	fputc('"', out);
}

static void write_ignored(junit_writer *w, const assay_finding *f)
{
	fputs("    <testcase", w->out);
	write_ignored_name(w->out, f);
	write_attribute(w->out, "classname", IGNORED_CLASSNAME, 0);
	fputs(" time=\"0\">\n      <skipped message=\"", w->out);
	if (f->ignore_reason != NULL) {
		write_escaped(w->out, f->ignore_reason, true, TEXT_MAX);
	} else {
		fputs("ignored", w->out);
	}
	if (f->ignore_rule != NULL) {
		fputs(" (rule ", w->out);
		write_escaped(w->out, f->ignore_rule, true, TEXT_MAX);
		if (f->ignore_source != NULL) {
			fputs(" from ", w->out);
			write_escaped(w->out, f->ignore_source, true, TEXT_MAX);
		}
		fputc(')', w->out);
	}
	if (f->ignore_expires != NULL) {
		fputs(", expires ", w->out);
		write_escaped(w->out, f->ignore_expires, true, 32);
	}
	fputs("\"/>\n    </testcase>\n", w->out);
}

static void write_properties(junit_writer *w, const suite *s)
{
	fputs("    <properties>\n", w->out);
	fprintf(w->out, "      <property name=\"assay.version\"");
	write_attribute(w->out, "value", assay_version(), 0);
	fputs("/>\n", w->out);
	if (s->image != NULL) {
		fputs("      <property name=\"image\"", w->out);
		write_attribute(w->out, "value", s->image->name, 0);
		fputs("/>\n", w->out);
	}
	if (s->image != NULL && s->image->image_id != NULL) {
		fputs("      <property name=\"image.id\"", w->out);
		write_attribute(w->out, "value", s->image->image_id, 0);
		fputs("/>\n", w->out);
	}
	fputs("    </properties>\n", w->out);
}

/* A line for people reading the CI log: the counts behind the suite. */
static void write_system_out(junit_writer *w, const suite *s)
{
	assay_counts counts;

	assay_count(&counts, w->ctx, -1, s->image, NULL);
	fprintf(w->out,
		"    <system-out>%zu findings (%zu critical, %zu high, %zu medium, %zu low, "
		"%zu unknown), %zu ignored</system-out>\n",
		counts.total, counts.by_severity[ASSAY_SEVERITY_CRITICAL],
		counts.by_severity[ASSAY_SEVERITY_HIGH], counts.by_severity[ASSAY_SEVERITY_MEDIUM],
		counts.by_severity[ASSAY_SEVERITY_LOW], counts.by_severity[ASSAY_SEVERITY_UNKNOWN],
		counts.ignored);
}

static bool has_visible_char(const char *text)
{
	for (; *text != '\0'; text++) {
		if (!isspace((unsigned char)*text)) {
			return true;
		}
	}
	return false;
}

static void write_suite(junit_writer *w, const suite *s, int id)
{
	size_t checks = assay_check_count(w->ctx);
	size_t findings = assay_finding_count(w->ctx);
	suite_counts counts;
	size_t i;

	count_suite(&counts, w->ctx, s);
	fputs("  <testsuite", w->out);
	/* The schema wants a name with at least one character besides spaces. */
	write_attribute(w->out, "name", has_visible_char(s->name) ? s->name : "unnamed image", 0);
	fprintf(w->out, " package=\"assay\" id=\"%d\" timestamp=\"%s\"", id, w->timestamp);
	write_attribute(w->out, "hostname", w->hostname, 0);
	fprintf(w->out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\">\n",
		counts.tests, counts.failures, counts.skipped);
	write_properties(w, s);
	for (i = 0; i < checks; i++) {
		const char *source = NULL;
		const assay_check *check = assay_check_at(w->ctx, i, &source);

		if (check_in_suite(check, s)) {
			write_check(w, check, source);
		}
	}
	for (i = 0; i < findings; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);

		if (finding_in_suite(w->ctx, f, s)) {
			write_ignored(w, f);
		}
	}
	write_system_out(w, s);
	fputs("    <system-err/>\n  </testsuite>\n", w->out);
}

/* Whether the run needs a suite of its own: checks or ignored findings without an image. */
static bool run_suite_needed(const assay_ctx *ctx)
{
	suite run = {NULL, "assay"};
	suite_counts counts;

	count_suite(&counts, ctx, &run);
	return counts.tests > 0;
}

/* The host name as an xs:token with at least one character; "localhost" when unknown. */
static void read_hostname(char *out, size_t size)
{
	size_t i;

	if (gethostname(out, size) != 0 || out[0] == '\0') {
		snprintf(out, size, "localhost");
		return;
	}
	out[size - 1] = '\0';
	for (i = 0; out[i] != '\0'; i++) {
		if (!isgraph((unsigned char)out[i])) {
			out[i] = '-';
		}
	}
}

static int junit_write(assay_ctx *ctx, FILE *out)
{
	size_t images = assay_image_count(ctx);
	junit_writer w;
	time_t started = (time_t)assay_run_time(ctx);
	struct tm tm;
	int id = 0;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.out = out;
	/* The schema's timestamp has no time zone; it is UTC. */
	if (gmtime_r(&started, &tm) == NULL ||
	    strftime(w.timestamp, sizeof(w.timestamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(w.timestamp, sizeof(w.timestamp), "1970-01-01T00:00:00");
	}
	read_hostname(w.hostname, sizeof(w.hostname));

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
	if (run_suite_needed(ctx)) {
		suite run = {NULL, "assay"};

		write_suite(&w, &run, id++);
	}
	for (i = 0; i < images; i++) {
		const assay_image *image = assay_image_at(ctx, i);
		suite s = {image, image->name};

		write_suite(&w, &s, id++);
	}
	fputs("</testsuites>\n", out);

	if (fflush(out) != 0 || ferror(out)) {
		return assay_error(ctx, ASSAY_EIO, "writing JUnit XML to '%s' failed: %s",
				   assay_output_path(ctx), strerror(errno));
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "junit",
	.version = "0.1.0",
	.summary = "JUnit XML: a test suite per image, a test case per gate check",
	.write = junit_write,
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
