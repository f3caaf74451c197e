/* SPDX-License-Identifier: Apache-2.0 */
/* Prometheus families from analyzer results: thresholds, quantum scores, expiring ignore rules. */
#include <stdlib.h>
#include <string.h>

#include "prometheus.h"

/* Series of the quantum score beyond which the section is cut, so a runaway section stays small. */
#define QUANTUM_MAX_SERIES 1000
/* Windows of assay_ignore_rules_expiring, in days. */
static const int expiry_windows[] = {7, 30};

#define SECONDS_PER_DAY 86400

/* ---- Thresholds ---- */

/*
 * Read a check name of the form "threshold.SEVERITY" or
 * "threshold.KIND.SEVERITY" (lowercase), as the thresholds analyzer names
 * its checks. A name without a kind is a vulnerability threshold.
 */
static bool parse_threshold_name(const char *name, int *kind, int *severity)
{
	const char *rest;
	int k;
	int s;

	if (name == NULL || strncmp(name, "threshold.", 10) != 0) {
		return false;
	}
	rest = name + 10;
	*kind = ASSAY_KIND_VULNERABILITY;
	for (k = 0; k < ASSAY_KIND_COUNT; k++) {
		const char *kind_name = assay_kind_name((assay_kind)k);
		size_t length = strlen(kind_name);

		if (strncmp(rest, kind_name, length) == 0 && rest[length] == '.') {
			*kind = k;
			rest += length + 1;
			break;
		}
	}
	for (s = 0; s < ASSAY_SEVERITY_COUNT; s++) {
		if (strcmp(rest, prom_severity_label((assay_severity)s)) == 0) {
			*severity = s;
			return true;
		}
	}
	return false;
}

/* assay_threshold_limit or assay_threshold_findings from the checks of the whole run. */
static void write_threshold_family(prom_writer *w, const char *metric, bool limit)
{
	bool seen[ASSAY_KIND_COUNT][ASSAY_SEVERITY_COUNT];
	size_t checks = assay_check_count(w->ctx);
	size_t i;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(w->ctx, i, NULL);
		long long value = limit ? check->limit : check->count;
		int kind = 0;
		int severity = 0;

		if (check->image != NULL || value < 0 ||
		    !parse_threshold_name(check->name, &kind, &severity) || seen[kind][severity]) {
			continue;
		}
		seen[kind][severity] = true;
		prom_sample(w, metric);
		prom_label_add(w, "severity", prom_severity_label((assay_severity)severity));
		prom_label_add(w, "kind", assay_kind_name((assay_kind)kind));
		prom_value(w, (double)value);
	}
}

static void write_thresholds(prom_writer *w)
{
	prom_family(w, "assay_threshold_limit",
		    "Most findings of a severity and kind that the gate allows in the run.");
	write_threshold_family(w, "assay_threshold_limit", true);
	prom_family(w, "assay_threshold_findings",
		    "Findings of a severity and kind that the gate compared with its limit.");
	write_threshold_family(w, "assay_threshold_findings", false);
}

/* ---- Quantum security score ---- */

/* A series already written, so that a section that repeats an entry writes it once. */
typedef struct {
	const char *image;
	const char *component;
} quantum_series;

typedef struct {
	prom_writer *w;
	quantum_series *written;
	size_t count;
	size_t capacity;
	bool failed;
} quantum_writer;

/*
 * Write one score unless this image and component were written already. A
 * NULL `component` writes the image's score to
 * assay_quantum_image_security_score.
 */
static void quantum_score(quantum_writer *q, const char *image, const char *component,
			  const cJSON *score)
{
	const char *key = component != NULL ? component : "";
	size_t i;

	if (!cJSON_IsNumber(score) || image == NULL || q->count >= QUANTUM_MAX_SERIES) {
		return;
	}
	for (i = 0; i < q->count; i++) {
		if (strcmp(q->written[i].image, image) == 0 &&
		    strcmp(q->written[i].component, key) == 0) {
			return;
		}
	}
	if (q->count == q->capacity) {
		size_t capacity = q->capacity == 0 ? 16 : q->capacity * 2;
		quantum_series *written = realloc(q->written, capacity * sizeof(*written));

		if (written == NULL) {
			q->failed = true;
			return;
		}
		q->written = written;
		q->capacity = capacity;
	}
	q->written[q->count].image = image;
	q->written[q->count].component = key;
	q->count++;
	if (component == NULL) {
		prom_sample(q->w, "assay_quantum_image_security_score");
		prom_label_add(q->w, "image", image);
	} else {
		prom_sample(q->w, "assay_quantum_security_score");
		prom_label_add(q->w, "image", image);
		prom_label_add(q->w, "component", component);
	}
	prom_value(q->w, score->valuedouble);
}

/* A string member of an object, or NULL. */
static const char *string_member(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* The image of a component or image entry. Null (findings without an image) reads as "". */
static const char *entry_image(const cJSON *entry)
{
	const cJSON *image = cJSON_GetObjectItemCaseSensitive(entry, "image");

	if (cJSON_IsNull(image)) {
		return "";
	}
	return cJSON_IsString(image) ? image->valuestring : NULL;
}

/*
 * The scores of the "quantum" section that the quantum analyzer sets:
 * "components" is an array of {"image", "component", "score", …}, one per
 * quantum package of an image, and "images" an array of {"image",
 * "score", …}. Entries of another shape are skipped.
 */
static int write_quantum(prom_writer *w)
{
	const cJSON *section = assay_section_get(w->ctx, "quantum");
	const cJSON *components = cJSON_GetObjectItemCaseSensitive(section, "components");
	const cJSON *images = cJSON_GetObjectItemCaseSensitive(section, "images");
	quantum_writer q = {w, NULL, 0, 0, false};
	const cJSON *entry;

	prom_family(w, "assay_quantum_security_score",
		    "Security score from 0 to 100 of a quantum package (component) in an image, "
		    "as the quantum analyzer computed it.");
	if (cJSON_IsArray(components)) {
		cJSON_ArrayForEach(entry, components)
		{
			quantum_score(&q, entry_image(entry), string_member(entry, "component"),
				      cJSON_GetObjectItemCaseSensitive(entry, "score"));
		}
	}
	free(q.written);
	q.written = NULL;
	q.count = 0;
	q.capacity = 0;

	prom_family(w, "assay_quantum_image_security_score",
		    "Security score from 0 to 100 of the quantum packages and credentials of an "
		    "image, as the quantum analyzer computed it.");
	if (cJSON_IsArray(images)) {
		cJSON_ArrayForEach(entry, images)
		{
			quantum_score(&q, entry_image(entry), NULL,
				      cJSON_GetObjectItemCaseSensitive(entry, "score"));
		}
	}
	free(q.written);
	if (q.failed) {
		return assay_error(w->ctx, ASSAY_ENOMEM,
				   "out of memory while writing quantum scores");
	}
	return 0;
}

/* ---- Ignore rules that expire ---- */

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static long long days_from_civil(long long year, unsigned month, unsigned day)
{
	long long era;
	unsigned year_of_era;
	unsigned day_of_year;
	unsigned day_of_era;

	/* Count years from March, so that the leap day ends a year. */
	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = (unsigned)(year - era * 400);
	day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + (long long)day_of_era - 719468;
}

/*
 * Parse "YYYY-MM-DD" into the second the rule stops applying: 00:00 UTC
 * of that day. Returns false for any other text.
 */
static bool parse_expiry(const char *text, long long *out)
{
	unsigned digits[8];
	unsigned month;
	unsigned day;
	size_t i;
	size_t d = 0;

	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-') {
		return false;
	}
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			continue;
		}
		if (text[i] < '0' || text[i] > '9') {
			return false;
		}
		digits[d++] = (unsigned)(text[i] - '0');
	}
	month = digits[4] * 10 + digits[5];
	day = digits[6] * 10 + digits[7];
	if (month < 1 || month > 12 || day < 1 || day > 31) {
		return false;
	}
	*out = days_from_civil(digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
			       month, day) *
	       SECONDS_PER_DAY;
	return true;
}

/* What the expiring families count. */
typedef struct {
	long long now;
	size_t expiring[sizeof(expiry_windows) / sizeof(expiry_windows[0])];
	size_t expired;
	long long next; /* earliest expiry after now, or -1 */
} expiry_counts;

/* The expiry of one rule. */
typedef struct {
	bool has_date;
	long long when; /* 00:00 UTC of the expiry date */
	bool expired;
	long long days_left; /* whole days left, rounded up */
} rule_expiry;

/* The expiry of a rule from its date alone, measured from the run's start. */
static bool expiry_from_date(rule_expiry *out, const char *expires, long long now)
{
	long long remaining;

	out->has_date = parse_expiry(expires, &out->when);
	if (!out->has_date) {
		return false;
	}
	remaining = out->when - now;
	out->expired = remaining <= 0;
	out->days_left = remaining > 0 ? (remaining + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY : 0;
	return true;
}

static void count_expiry(expiry_counts *c, const rule_expiry *rule)
{
	size_t i;

	if (rule->expired) {
		c->expired++;
		return;
	}
	for (i = 0; i < sizeof(expiry_windows) / sizeof(expiry_windows[0]); i++) {
		if (rule->days_left <= expiry_windows[i]) {
			c->expiring[i]++;
		}
	}
	if (rule->has_date && (c->next < 0 || rule->when < c->next)) {
		c->next = rule->when;
	}
}

/*
 * A rule of the "ignore" section. Its "status" and "days_left", which the
 * ignore analyzer computed (with --option today when given), win over the
 * date, so both read the same clock.
 */
static bool expiry_from_section(rule_expiry *out, const cJSON *rule, long long now)
{
	const cJSON *days_left = cJSON_GetObjectItemCaseSensitive(rule, "days_left");
	const char *expires = string_member(rule, "expires");
	const char *status = string_member(rule, "status");

	if (!expiry_from_date(out, expires, now)) {
		return false;
	}
	if (status != NULL) {
		out->expired = strcmp(status, "expired") == 0;
	}
	if (cJSON_IsNumber(days_left) && days_left->valuedouble >= 0 &&
	    days_left->valuedouble < 1e9) {
		out->days_left = (long long)days_left->valuedouble;
	}
	return true;
}

/* Count the rules of the "ignore" section, which the ignore analyzer sets, by expiry. */
static void count_rules(expiry_counts *c, const assay_ctx *ctx)
{
	const cJSON *section = assay_section_get(ctx, "ignore");
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(section, "rules");
	rule_expiry expiry;
	const cJSON *rule;

	if (!cJSON_IsArray(rules)) {
		return;
	}
	cJSON_ArrayForEach(rule, rules)
	{
		if (expiry_from_section(&expiry, rule, c->now)) {
			count_expiry(c, &expiry);
		}
	}
}

static void write_ignore_rules(prom_writer *w)
{
	expiry_counts c;
	char days[16];
	size_t i;

	memset(&c, 0, sizeof(c));
	c.now = assay_run_time(w->ctx);
	c.next = -1;
	count_rules(&c, w->ctx);

	prom_family(w, "assay_ignore_rules_expiring",
		    "Ignore rules whose expiry date comes within the given number of days of the "
		    "scan.");
	for (i = 0; i < sizeof(expiry_windows) / sizeof(expiry_windows[0]); i++) {
		snprintf(days, sizeof(days), "%d", expiry_windows[i]);
		prom_sample(w, "assay_ignore_rules_expiring");
		prom_label_add(w, "within_days", days);
		prom_value(w, (double)c.expiring[i]);
	}
	prom_family(w, "assay_ignore_rules_expired",
		    "Ignore rules whose expiry date has passed, so they ignore nothing any more.");
	prom_sample(w, "assay_ignore_rules_expired");
	prom_value(w, (double)c.expired);
	prom_family(w, "assay_ignore_rules_next_expiry_timestamp_seconds",
		    "When the next ignore rule expires, in seconds since the Unix epoch.");
	if (c.next >= 0) {
		prom_sample(w, "assay_ignore_rules_next_expiry_timestamp_seconds");
		prom_value(w, (double)c.next);
	}
}

int prom_write_results(prom_writer *w)
{
	write_thresholds(w);
	write_ignore_rules(w);
	return write_quantum(w);
}
