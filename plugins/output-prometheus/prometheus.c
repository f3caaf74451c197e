/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that writes the run in the Prometheus text exposition format. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prometheus.h"

/* U+FFFD REPLACEMENT CHARACTER for invalid UTF-8 and control characters in a label value. */
static const char replacement[] = "\xEF\xBF\xBD";

/* Counts of one image and one set of scanners. */
typedef struct {
	size_t scanners; /* index into the scanner sets of the run */
	size_t by_kind[ASSAY_KIND_COUNT][ASSAY_SEVERITY_COUNT];
	size_t ignored[ASSAY_KIND_COUNT];
} scanner_counts;

/* Counts of every image with one name: images that share a name share their series. */
typedef struct {
	const char *name; /* "" for findings that belong to no image */
	scanner_counts *sets;
	size_t set_count;
	size_t set_capacity;
} image_counts;

/* An image of the run and the slot of its name, sorted by address to find a finding's slot. */
typedef struct {
	const assay_image *image;
	size_t slot;
} image_slot;

/* What the findings families need, built in one pass over the findings. */
typedef struct {
	image_counts *images; /* unique names, in the run's order, then the "" slot */
	size_t image_count;
	image_slot *lookup; /* every image of the run, in address order */
	size_t lookup_count;
	char **scanner_sets; /* "grype,trivy": the sorted scanners of a finding */
	size_t scanner_set_count;
	size_t scanner_set_capacity;
} finding_table;

/* ---- Writing samples ---- */

const char *prom_severity_label(assay_severity severity)
{
	static const char *const names[ASSAY_SEVERITY_COUNT] = {"unknown", "low", "medium", "high",
								"critical"};

	return (unsigned)severity < ASSAY_SEVERITY_COUNT ? names[severity] : "unknown";
}

void prom_family(prom_writer *w, const char *name, const char *help)
{
	fprintf(w->out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

void prom_sample(prom_writer *w, const char *name)
{
	fputs(name, w->out);
	w->labels_written = 0;
}

/* Length of the UTF-8 sequence at `s`, or 0 when invalid (RFC 3629). */
static size_t utf8_length(const unsigned char *s)
{
	size_t length;
	unsigned value;
	size_t i;

	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		length = 2;
		value = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		length = 3;
		value = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		length = 4;
		value = s[0] & 0x07u;
	} else {
		return 0;
	}
	for (i = 1; i < length; i++) {
		/* A NUL byte ends the loop here too: it is not a continuation byte. */
		if ((s[i] & 0xC0u) != 0x80u) {
			return 0;
		}
		value = (value << 6) | (s[i] & 0x3Fu);
	}
	if ((length == 3 && value < 0x800) || (length == 4 && value < 0x10000) ||
	    (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
		return 0;
	}
	return length;
}

/*
 * Write a label value as the text format wants it: backslash, double quote
 * and line feed escaped. Other control characters and invalid UTF-8, which
 * the format does not allow, become U+FFFD.
 */
static void write_label_value(FILE *out, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;

	while (*s != '\0') {
		size_t length;

		if (*s == '\\' || *s == '"') {
			fputc('\\', out);
			fputc(*s++, out);
		} else if (*s == '\n') {
			fputs("\\n", out);
			s++;
		} else if (*s < 0x20 || *s == 0x7F) {
			fputs(replacement, out);
			s++;
		} else if (*s < 0x80) {
			fputc(*s++, out);
		} else {
			length = utf8_length(s);
			if (length == 0) {
				fputs(replacement, out);
				s++;
			} else {
				fwrite(s, 1, length, out);
				s += length;
			}
		}
	}
}

void prom_label_add(prom_writer *w, const char *name, const char *value)
{
	fprintf(w->out, "%s%s=\"", w->labels_written == 0 ? "{" : ",", name);
	write_label_value(w->out, value != NULL ? value : "");
	fputc('"', w->out);
	w->labels_written++;
}

/* End the sample: the extra labels, then the value as Go's strconv reads it, and no timestamp. */
void prom_value(prom_writer *w, double value)
{
	size_t i;

	for (i = 0; i < w->extra_count; i++) {
		prom_label_add(w, w->extra[i].name, w->extra[i].value);
	}
	if (w->labels_written > 0) {
		fputc('}', w->out);
	}
	if (isnan(value)) {
		fputs(" NaN\n", w->out);
	} else if (isinf(value)) {
		fputs(value > 0 ? " +Inf\n" : " -Inf\n", w->out);
	} else if (value == floor(value) && fabs(value) < 1e15) {
		fprintf(w->out, " %.0f\n", value);
	} else {
		fprintf(w->out, " %.17g\n", value);
	}
}

/* ---- Extra labels ---- */

/* Whether `name` is a label name this plugin may add: [a-zA-Z_][a-zA-Z0-9_]*, not "__…". */
static bool is_label_name(const char *name, size_t length)
{
	static const char *const own[] = {"image",     "severity",    "kind",	"scanner",
					  "component", "within_days", "version"};
	size_t i;

	if (length == 0 || (length >= 2 && name[0] == '_' && name[1] == '_')) {
		return false;
	}
	for (i = 0; i < length; i++) {
		char c = name[i];
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
			return false;
		}
	}
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		if (strlen(own[i]) == length && strncmp(own[i], name, length) == 0) {
			return false;
		}
	}
	return true;
}

/* Whether an extra label of this name was given already. */
static bool is_extra_label(const prom_writer *w, const char *name, size_t length)
{
	size_t i;

	for (i = 0; i < w->extra_count; i++) {
		if (strlen(w->extra[i].name) == length &&
		    strncmp(w->extra[i].name, name, length) == 0) {
			return true;
		}
	}
	return false;
}

/* Read every `--option prometheus-label=NAME=VALUE`. Returns 0, ASSAY_EINVAL or ASSAY_ENOMEM. */
static int read_extra_labels(prom_writer *w)
{
	size_t n;

	for (n = 0;; n++) {
		const char *option = assay_option_get_nth(w->ctx, "prometheus-label", n);
		const char *equals = option != NULL ? strchr(option, '=') : NULL;
		size_t length = equals != NULL ? (size_t)(equals - option) : 0;
		prom_label *label;

		if (option == NULL) {
			break;
		}
		if (equals == NULL || !is_label_name(option, length) ||
		    is_extra_label(w, option, length)) {
			return assay_error(
			    w->ctx, ASSAY_EINVAL,
			    "invalid prometheus-label '%s': expected NAME=VALUE with "
			    "NAME matching [a-zA-Z_][a-zA-Z0-9_]*, not starting with "
			    "'__', given once and not a label assay writes itself",
			    option);
		}
		if (w->extra_count == PROM_MAX_EXTRA_LABELS) {
			return assay_error(w->ctx, ASSAY_ELIMIT,
					   "too many prometheus-label options: at most %d",
					   PROM_MAX_EXTRA_LABELS);
		}
		label = &w->extra[w->extra_count];
		label->name = strndup(option, length);
		label->value = strdup(equals + 1);
		w->extra_count++;
		if (label->name == NULL || label->value == NULL) {
			return assay_error(w->ctx, ASSAY_ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* ---- Counting the findings ---- */

static int compare_image_slots(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const image_slot *)a)->image;
	uintptr_t y = (uintptr_t)((const image_slot *)b)->image;

	return x < y ? -1 : x > y;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void table_free(finding_table *t)
{
	size_t i;

	for (i = 0; t->images != NULL && i < t->image_count; i++) {
		free(t->images[i].sets);
	}
	for (i = 0; i < t->scanner_set_count; i++) {
		free(t->scanner_sets[i]);
	}
	free(t->images);
	free(t->lookup);
	free(t->scanner_sets);
}

/*
 * Give each image name one slot, in the run's order, and add the slot of
 * findings without an image last. Returns 0 or ASSAY_ENOMEM.
 */
static int table_add_images(finding_table *t, const assay_ctx *ctx)
{
	size_t images = assay_image_count(ctx);
	size_t i;

	t->images = calloc(images + 1, sizeof(*t->images));
	t->lookup = calloc(images + 1, sizeof(*t->lookup));
	if (t->images == NULL || t->lookup == NULL) {
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < images; i++) {
		const assay_image *image = assay_image_at(ctx, i);
		size_t slot;

		/* NOTE: quadratic in the images: a few per run, hundreds in a cluster report. */
		for (slot = 0; slot < t->image_count; slot++) {
			if (strcmp(t->images[slot].name, image->name) == 0) {
				break;
			}
		}
		if (slot == t->image_count) {
			t->images[t->image_count++].name = image->name;
		}
		t->lookup[i].image = image;
		t->lookup[i].slot = slot;
	}
	t->lookup_count = images;
	t->images[t->image_count++].name = "";
	qsort(t->lookup, images, sizeof(*t->lookup), compare_image_slots);
	return 0;
}

/* The slot of the image a finding belongs to, or the last slot when it belongs to none. */
static size_t table_slot(const finding_table *t, const assay_ctx *ctx, const assay_finding *f)
{
	image_slot key = {assay_image_of(ctx, f), 0};
	const image_slot *found;

	if (key.image == NULL) {
		return t->image_count - 1;
	}
	found = bsearch(&key, t->lookup, t->lookup_count, sizeof(*t->lookup), compare_image_slots);
	return found != NULL ? found->slot : t->image_count - 1;
}

/*
 * The index of a set of scanners, named by the sorted scanner names joined
 * with ",", added when new. A finding that several scanners reported is
 * counted once, under the set of all of them, so sums over scanners stay
 * right. Returns 0 or ASSAY_ENOMEM.
 */
static int table_scanner_set(size_t *out, finding_table *t, const assay_strlist *scanners)
{
	const char **sorted = NULL;
	char *name = NULL;
	size_t length = 1;
	size_t used = 0;
	size_t i;
	int err = ASSAY_ENOMEM;

	sorted = malloc((scanners->count + 1) * sizeof(*sorted));
	if (sorted == NULL) {
		goto out;
	}
	for (i = 0; i < scanners->count; i++) {
		sorted[i] = scanners->items[i];
		length += strlen(sorted[i]) + 1;
	}
	qsort(sorted, scanners->count, sizeof(*sorted), compare_strings);
	name = malloc(length);
	if (name == NULL) {
		goto out;
	}
	for (i = 0; i < scanners->count; i++) {
		size_t item_length = strlen(sorted[i]);

		if (i > 0) {
			name[used++] = ',';
		}
		memcpy(name + used, sorted[i], item_length);
		used += item_length;
	}
	name[used] = '\0';

	for (i = 0; i < t->scanner_set_count; i++) {
		if (strcmp(t->scanner_sets[i], name) == 0) {
			*out = i;
			err = 0;
			goto out;
		}
	}
	if (t->scanner_set_count == t->scanner_set_capacity) {
		size_t capacity = t->scanner_set_capacity == 0 ? 8 : t->scanner_set_capacity * 2;
		char **sets = realloc(t->scanner_sets, capacity * sizeof(*sets));

		if (sets == NULL) {
			goto out;
		}
		t->scanner_sets = sets;
		t->scanner_set_capacity = capacity;
	}
	t->scanner_sets[t->scanner_set_count] = name;
	name = NULL;
	*out = t->scanner_set_count++;
	err = 0;
out:
	free(name);
	free(sorted);
	return err;
}

/* The counts of a scanner set within an image slot, added when new. NULL on out-of-memory. */
static scanner_counts *image_counts_for(image_counts *image, size_t scanners)
{
	size_t i;

	for (i = 0; i < image->set_count; i++) {
		if (image->sets[i].scanners == scanners) {
			return &image->sets[i];
		}
	}
	if (image->set_count == image->set_capacity) {
		size_t capacity = image->set_capacity == 0 ? 2 : image->set_capacity * 2;
		scanner_counts *sets = realloc(image->sets, capacity * sizeof(*sets));

		if (sets == NULL) {
			return NULL;
		}
		image->sets = sets;
		image->set_capacity = capacity;
	}
	memset(&image->sets[image->set_count], 0, sizeof(*image->sets));
	image->sets[image->set_count].scanners = scanners;
	return &image->sets[image->set_count++];
}

/*
 * Count every finding into `t`, and give each image without findings the
 * set of scanners that described it, so that it gets zero series. Returns 0
 * or ASSAY_ENOMEM.
 */
static int table_count(finding_table *t, const assay_ctx *ctx)
{
	size_t count = assay_finding_count(ctx);
	size_t i;
	int err;

	for (i = 0; i < count; i++) {
		const assay_finding *f = assay_finding_at(ctx, i);
		scanner_counts *counts;
		size_t scanners = 0;

		err = table_scanner_set(&scanners, t, &f->scanners);
		if (err != 0) {
			return err;
		}
		counts = image_counts_for(&t->images[table_slot(t, ctx, f)], scanners);
		if (counts == NULL) {
			return ASSAY_ENOMEM;
		}
		if ((unsigned)f->kind >= ASSAY_KIND_COUNT ||
		    (unsigned)f->severity >= ASSAY_SEVERITY_COUNT) {
			continue;
		}
		if (f->ignored) {
			counts->ignored[f->kind]++;
		} else {
			counts->by_kind[f->kind][f->severity]++;
		}
	}
	for (i = 0; i < t->lookup_count; i++) {
		const assay_image *image = t->lookup[i].image;
		image_counts *slot = &t->images[t->lookup[i].slot];
		size_t scanners = 0;

		if (slot->set_count > 0 || image->scanners.count == 0) {
			continue;
		}
		err = table_scanner_set(&scanners, t, &image->scanners);
		if (err != 0) {
			return err;
		}
		if (image_counts_for(slot, scanners) == NULL) {
			return ASSAY_ENOMEM;
		}
	}
	return 0;
}

/* ---- Families ---- */

/* assay_findings and assay_findings_ignored, with a zero for each kind and severity of a set. */
static void write_findings(prom_writer *w, const finding_table *t)
{
	size_t i;
	size_t s;
	int kind;
	int severity;

	prom_family(w, "assay_findings",
		    "Findings that are not ignored, by image, severity, kind and the set of "
		    "scanners that reported them (names joined with commas).");
	for (i = 0; i < t->image_count; i++) {
		for (s = 0; s < t->images[i].set_count; s++) {
			const scanner_counts *counts = &t->images[i].sets[s];

			for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
				for (severity = ASSAY_SEVERITY_COUNT - 1; severity >= 0;
				     severity--) {
					prom_sample(w, "assay_findings");
					prom_label_add(w, "image", t->images[i].name);
					prom_label_add(
					    w, "severity",
					    prom_severity_label((assay_severity)severity));
					prom_label_add(w, "kind",
						       assay_kind_name((assay_kind)kind));
					prom_label_add(w, "scanner",
						       t->scanner_sets[counts->scanners]);
					prom_value(w, (double)counts->by_kind[kind][severity]);
				}
			}
		}
	}

	prom_family(
	    w, "assay_findings_ignored",
	    "Findings that an ignore rule, --ignore-unfixed or the policy ignored, by image "
	    "and kind.");
	for (i = 0; i < t->image_count; i++) {
		if (t->images[i].set_count == 0) {
			continue;
		}
		for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
			size_t ignored = 0;

			for (s = 0; s < t->images[i].set_count; s++) {
				ignored += t->images[i].sets[s].ignored[kind];
			}
			prom_sample(w, "assay_findings_ignored");
			prom_label_add(w, "image", t->images[i].name);
			prom_label_add(w, "kind", assay_kind_name((assay_kind)kind));
			prom_value(w, (double)ignored);
		}
	}
}

/*
 * Whether no failed check names the image. A failed check of the whole run
 * counts against the image too when the run has only one image.
 */
static bool image_passed(const assay_ctx *ctx, const char *name)
{
	size_t checks = assay_check_count(ctx);
	size_t images = assay_image_count(ctx);
	size_t i;

	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		if (check->image == NULL ? images == 1 : strcmp(check->image, name) == 0) {
			return false;
		}
	}
	return true;
}

static void write_gate(prom_writer *w, const finding_table *t)
{
	size_t i;

	prom_family(w, "assay_gate_passed",
		    "1 when no failed gate check concerns the image, else 0.");
	/* The last slot is for findings without an image, which no check names. */
	for (i = 0; i + 1 < t->image_count; i++) {
		prom_sample(w, "assay_gate_passed");
		prom_label_add(w, "image", t->images[i].name);
		prom_value(w, image_passed(w->ctx, t->images[i].name) ? 1 : 0);
	}
	prom_family(w, "assay_run_gate_passed",
		    "1 when every gate check of the run passed, else 0 (the exit status without "
		    "--no-fail).");
	prom_sample(w, "assay_run_gate_passed");
	prom_value(w, assay_gate_passed(w->ctx) ? 1 : 0);
}

static void write_run(prom_writer *w)
{
	prom_family(w, "assay_scan_timestamp_seconds",
		    "Time the assay run started, in seconds since the Unix epoch.");
	prom_sample(w, "assay_scan_timestamp_seconds");
	prom_value(w, (double)assay_run_time(w->ctx));

	prom_family(w, "assay_build_info", "Always 1; the version label is assay's version.");
	prom_sample(w, "assay_build_info");
	prom_label_add(w, "version", assay_version());
	prom_value(w, 1);
}

static int prometheus_write(assay_ctx *ctx, FILE *out)
{
	finding_table table;
	prom_writer w;
	size_t i;
	int err;

	memset(&table, 0, sizeof(table));
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.out = out;

	err = read_extra_labels(&w);
	if (err != 0) {
		goto out;
	}
	err = table_add_images(&table, ctx);
	if (err == 0) {
		err = table_count(&table, ctx);
	}
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory while counting findings for Prometheus");
		goto out;
	}

	write_findings(&w, &table);
	write_gate(&w, &table);
	err = prom_write_results(&w);
	if (err != 0) {
		goto out;
	}
	write_run(&w);

	if (fflush(out) != 0 || ferror(out)) {
		err =
		    assay_error(ctx, ASSAY_EIO, "writing the Prometheus metrics to '%s' failed: %s",
				assay_output_path(ctx), strerror(errno));
	}
out:
	for (i = 0; i < w.extra_count; i++) {
		free(w.extra[i].name);
		free(w.extra[i].value);
	}
	table_free(&table);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_OUTPUT,
    .name = "prometheus",
    .version = "0.1.0",
    .summary = "Prometheus text format for a textfile collector or a Pushgateway",
    .write = prometheus_write,
    .flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
