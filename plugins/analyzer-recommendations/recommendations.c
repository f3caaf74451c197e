/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that turns the findings into recommendations which cite the numbers behind them. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "recommendations.h"

#define DEFAULT_BASE_IMAGE_THRESHOLD 10
/* Files and components named in one sentence before "and N more". */
#define MAX_LISTED_NAMES 10

/* ---- Helpers ---- */

void text_append(text_buffer *text, const char *fmt, ...)
{
	va_list ap;
	int needed;

	if (text->failed) {
		return;
	}
	va_start(ap, fmt);
	needed = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (needed < 0) {
		text->failed = true;
		return;
	}
	if (text->len + (size_t)needed + 1 > text->capacity) {
		size_t capacity = text->capacity != 0 ? text->capacity * 2 : 128;
		char *grown;

		while (capacity < text->len + (size_t)needed + 1) {
			capacity *= 2;
		}
		grown = realloc(text->data, capacity);
		if (grown == NULL) {
			text->failed = true;
			return;
		}
		text->data = grown;
		text->capacity = capacity;
	}
	va_start(ap, fmt);
	vsnprintf(text->data + text->len, text->capacity - text->len, fmt, ap);
	va_end(ap);
	text->len += (size_t)needed;
}

void text_dispose(text_buffer *text)
{
	free(text->data);
	memset(text, 0, sizeof(*text));
}

void text_append_severities(text_buffer *text, const size_t counts[ASSAY_SEVERITY_COUNT])
{
	bool first = true;
	int severity;

	for (severity = ASSAY_SEVERITY_CRITICAL; severity >= 0; severity--) {
		if (counts[severity] > 0) {
			text_append(text, "%s%s %zu", first ? "" : ", ",
				    assay_severity_name((assay_severity)severity),
				    counts[severity]);
			first = false;
		}
	}
}

const char *priority_of(const size_t counts[ASSAY_SEVERITY_COUNT])
{
	int severity;

	for (severity = ASSAY_SEVERITY_CRITICAL; severity > ASSAY_SEVERITY_UNKNOWN; severity--) {
		if (counts[severity] > 0) {
			return assay_severity_name((assay_severity)severity);
		}
	}
	return "LOW";
}

int recommend(assay_ctx *ctx, const char *category, const char *priority, text_buffer *text,
	      text_buffer *rationale)
{
	assay_recommendation rec = {category, priority, text->data,
				    rationale->data != NULL ? rationale->data : ""};
	int err = ASSAY_ENOMEM;

	if (!text->failed && !rationale->failed && text->data != NULL) {
		err = assay_recommendation_add(ctx, &rec);
	}
	text_dispose(text);
	text_dispose(rationale);
	if (err == ASSAY_ENOMEM) {
		return assay_error(ctx, err, "out of memory while writing recommendations");
	}
	return err;
}

bool string_set_add(string_set *set, const char *value)
{
	size_t low = 0;
	size_t high = set->count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int order = strcmp(set->items[mid], value);

		if (order == 0) {
			return true;
		}
		if (order < 0) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	if (set->count == set->capacity) {
		size_t capacity = set->capacity != 0 ? set->capacity * 2 : 4;
		const char **grown = realloc(set->items, capacity * sizeof(*grown));

		if (grown == NULL) {
			return false;
		}
		set->items = grown;
		set->capacity = capacity;
	}
	memmove(set->items + low + 1, set->items + low, (set->count - low) * sizeof(*set->items));
	set->items[low] = value;
	set->count++;
	return true;
}

void string_set_dispose(string_set *set)
{
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/*
 * Package types of OS packages as Trivy (the OS family) and Grype (the
 * manager) name them, in ASCII order for the binary search.
 */
static const char *const os_package_types[] = {
    "alma",
    "alpine",
    "alpm",
    "amazon",
    "apk",
    "azurelinux",
    "bottlerocket",
    "cbl-mariner",
    "centos",
    "chainguard",
    "deb",
    "debian",
    "dpkg",
    "echo",
    "fedora",
    "minimos",
    "opensuse",
    "opensuse-leap",
    "opensuse-tumbleweed",
    "oracle",
    "photon",
    "portage",
    "redhat",
    "rocky",
    "rpm",
    "sles",
    "ubuntu",
    "wolfi",
};

bool is_os_package_type(const char *type)
{
	size_t low = 0;
	size_t high = sizeof(os_package_types) / sizeof(os_package_types[0]);

	while (type != NULL && low < high) {
		size_t mid = low + (high - low) / 2;
		int order = strcasecmp(type, os_package_types[mid]);

		if (order == 0) {
			return true;
		}
		if (order < 0) {
			high = mid;
		} else {
			low = mid + 1;
		}
	}
	return false;
}

void purl_type_of(const assay_finding *finding, char *out, size_t size)
{
	const char *c;
	size_t used = 0;

	out[0] = '\0';
	if (finding->purl == NULL || strncasecmp(finding->purl, "pkg:", 4) != 0) {
		return;
	}
	for (c = finding->purl + 4; *c != '\0' && *c != '/' && used + 1 < size; c++) {
		out[used++] = (char)tolower((unsigned char)*c);
	}
	out[*c == '/' ? used : 0] = '\0';
}

version_scheme scheme_of(const assay_finding *finding)
{
	char type[32];

	purl_type_of(finding, type, sizeof(type));
	if (is_os_package_type(finding->pkg_type) || is_os_package_type(type)) {
		return VERSION_DPKG;
	}
	return VERSION_GENERIC;
}

/* An image and its position among the run's images. */
typedef struct {
	const assay_image *image;
	size_t slot;
} image_entry;

/* The run's images sorted by address, so that a finding's image is found by binary search. */
typedef struct {
	image_entry *entries;
	size_t count;
} image_index;

static int compare_image_entries(const void *a, const void *b)
{
	uintptr_t left = (uintptr_t)((const image_entry *)a)->image;
	uintptr_t right = (uintptr_t)((const image_entry *)b)->image;

	return left < right ? -1 : left > right;
}

static int image_index_init(assay_ctx *ctx, image_index *index)
{
	size_t i;

	index->count = assay_image_count(ctx);
	index->entries = malloc((index->count != 0 ? index->count : 1) * sizeof(*index->entries));
	if (index->entries == NULL) {
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < index->count; i++) {
		index->entries[i].image = assay_image_at(ctx, i);
		index->entries[i].slot = i;
	}
	qsort(index->entries, index->count, sizeof(*index->entries), compare_image_entries);
	return 0;
}

/* Position of `image` among the run's images, or the image count for NULL or an unknown image. */
static size_t image_slot(const image_index *index, const assay_image *image)
{
	image_entry key = {image, 0};
	const image_entry *found = NULL;

	if (image != NULL) {
		found = bsearch(&key, index->entries, index->count, sizeof(key),
				compare_image_entries);
	}
	return found != NULL ? found->slot : index->count;
}

static bool has_tag(const assay_finding *finding, const char *tag)
{
	return assay_strlist_has(&finding->tags, tag);
}

static int read_count_option(assay_ctx *ctx, const char *name, size_t fallback, size_t *out)
{
	const char *value = assay_option_get(ctx, name);
	char *end = NULL;
	long long number;

	*out = fallback;
	if (value == NULL) {
		return 0;
	}
	number = value[0] >= '0' && value[0] <= '9' ? strtoll(value, &end, 10) : -1;
	if (number < 1 || number > 1000000 || end == NULL || *end != '\0') {
		return assay_error(ctx, ASSAY_EINVAL,
				   "invalid --option %s='%s': expected a whole number from 1 to "
				   "1000000",
				   name, value);
	}
	*out = (size_t)number;
	return 0;
}

/* ---- Base image ---- */

/* OS-package vulnerabilities of one image. */
typedef struct {
	size_t total;
	size_t fixable;
	size_t by_severity[ASSAY_SEVERITY_COUNT];
} os_counts;

/* A vulnerability in a package of the operating system: no package path, and an OS package type or
 * an image with a known OS. */
static bool is_os_vulnerability(const assay_finding *finding, const assay_image *image)
{
	char type[32];

	if (finding->kind != ASSAY_KIND_VULNERABILITY || finding->pkg_path != NULL) {
		return false;
	}
	if (image != NULL && image->os_family != NULL) {
		return true;
	}
	purl_type_of(finding, type, sizeof(type));
	return is_os_package_type(finding->pkg_type) || is_os_package_type(type);
}

static int recommend_base_image(assay_ctx *ctx, const assay_image *image, const os_counts *counts)
{
	text_buffer text = {0};
	text_buffer rationale = {0};

	text_append(&text,
		    "Move %s to a minimal or distroless base image, or rebuild it on an "
		    "updated release of its base",
		    image->name);
	text_append(&rationale, "Its OS packages");
	if (image->os_family != NULL) {
		text_append(&rationale, " (%s%s%s)", image->os_family,
			    image->os_name != NULL ? " " : "",
			    image->os_name != NULL ? image->os_name : "");
	}
	text_append(&rationale, " carry %zu vulnerabilities (", counts->total);
	text_append_severities(&rationale, counts->by_severity);
	text_append(&rationale,
		    "); %zu of them have a fixed version. A minimal base image ships "
		    "fewer packages to patch",
		    counts->fixable);
	return recommend(ctx, "Base Image", priority_of(counts->by_severity), &text, &rationale);
}

/*
 * One recommendation per image whose OS packages carry at least the
 * threshold of vulnerabilities (option recommend-base-image-threshold,
 * default 10) or any CRITICAL one.
 */
static int recommend_base_images(assay_ctx *ctx)
{
	size_t findings = assay_finding_count(ctx);
	image_index images = {0};
	os_counts *counts = NULL;
	size_t threshold;
	size_t i;
	int err = read_count_option(ctx, "recommend-base-image-threshold",
				    DEFAULT_BASE_IMAGE_THRESHOLD, &threshold);

	if (err != 0) {
		return err;
	}
	err = image_index_init(ctx, &images);
	counts = calloc(images.count + 1, sizeof(*counts));
	if (err != 0 || counts == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < findings; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);
		const assay_image *image;
		os_counts *slot;

		prefetch_ahead(ctx, i, findings);
		if (finding->kind != ASSAY_KIND_VULNERABILITY || !is_open(finding)) {
			continue;
		}
		image = assay_image_of(ctx, finding);
		if (!is_os_vulnerability(finding, image)) {
			continue;
		}
		slot = &counts[image_slot(&images, image)];
		slot->total++;
		slot->fixable += finding->fixed_versions.count > 0 ? 1 : 0;
		slot->by_severity[finding->severity]++;
	}
	for (i = 0; i < images.count && err == 0; i++) {
		if (counts[i].total > 0 && (counts[i].total >= threshold ||
					    counts[i].by_severity[ASSAY_SEVERITY_CRITICAL] > 0)) {
			err = recommend_base_image(ctx, assay_image_at(ctx, i), &counts[i]);
		}
	}

out:
	free(counts);
	free(images.entries);
	return err;
}

/* ---- Quantum frameworks ---- */

/* The lowest quantum security score of the quantum section, or -1 when it has none. */
static double quantum_score(assay_ctx *ctx)
{
	const cJSON *quantum = assay_section_get(ctx, "quantum");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(quantum, "score");

	return cJSON_IsNumber(score) ? score->valuedouble : -1;
}

static void text_append_names(text_buffer *text, const char *const *names, size_t count)
{
	size_t i;

	for (i = 0; i < count && i < MAX_LISTED_NAMES; i++) {
		text_append(text, "%s%s", i > 0 ? ", " : "", names[i]);
	}
	if (count > MAX_LISTED_NAMES) {
		text_append(text, " and %zu more", count - MAX_LISTED_NAMES);
	}
}

/* One recommendation to review the findings that the quantum analyzer tagged "quantum". */
static int recommend_quantum_review(assay_ctx *ctx)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT] = {0};
	size_t count = assay_finding_count(ctx);
	string_set names = {0};
	size_t total = 0;
	text_buffer text = {0};
	text_buffer rationale = {0};
	double score = quantum_score(ctx);
	size_t i;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);

		prefetch_ahead(ctx, i, count);
		if (finding->tags.count == 0 || !is_open(finding) || finding->pkg_name == NULL ||
		    !has_tag(finding, "quantum")) {
			continue;
		}
		total++;
		by_severity[finding->severity]++;
		if (!string_set_add(&names, finding->pkg_name)) {
			err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
	}
	if (err == 0 && total > 0) {
		text_append(&text, "Review the %zu finding(s) in quantum frameworks: ", total);
		text_append_names(&text, names.items, names.count);
		text_append(&rationale, "Quantum framework findings: ");
		text_append_severities(&rationale, by_severity);
		if (score >= 0) {
			text_append(&rationale,
				    "; the lowest quantum security score is %.0f of 100", score);
		}
		err =
		    recommend(ctx, "Quantum Security", priority_of(by_severity), &text, &rationale);
	}
	string_set_dispose(&names);
	return err;
}

/* ---- Running as root ---- */

/* Checks that report a container running as root: Trivy's DS002 (AVD-DS-0002) and hadolint's
 * DL3002. */
static const char *const root_check_ids[] = {"DS002", "AVD-DS-0002", "DL3002"};

static bool is_root_check(const assay_finding *finding)
{
	size_t i;
	size_t j;

	if (finding->kind != ASSAY_KIND_MISCONFIGURATION) {
		return false;
	}
	for (i = 0; i < sizeof(root_check_ids) / sizeof(root_check_ids[0]); i++) {
		if (strcmp(finding->id, root_check_ids[i]) == 0) {
			return true;
		}
		for (j = 0; j < finding->aliases.count; j++) {
			if (strcmp(finding->aliases.items[j], root_check_ids[i]) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* Whether an image's USER means root: unset, "root" or "0", with or without a group. */
static bool is_root_user(const char *user)
{
	return user != NULL &&
	       (user[0] == '\0' || strcmp(user, "root") == 0 || strcmp(user, "0") == 0 ||
		strncmp(user, "root:", 5) == 0 || strncmp(user, "0:", 2) == 0);
}

static bool artifact_is(const assay_image *image, const char *type)
{
	return image->artifact_type != NULL && strcmp(image->artifact_type, type) == 0;
}

/*
 * Whether the image config makes the artifact run as root. Only container
 * images and the Kubernetes workloads that run them have such a config: a
 * VM image or a filesystem scan has no USER to set.
 */
static bool config_runs_as_root(const assay_image *image)
{
	if (image == NULL || !is_root_user(image->config_user)) {
		return false;
	}
	return image->artifact_type == NULL || artifact_is(image, "container_image") ||
	       artifact_is(image, "kubernetes_resource");
}

/* The evidence that one image (or the findings without an image) runs as root. */
typedef struct {
	size_t findings;
	string_set ids;
	string_set files;
} root_evidence;

static int recommend_non_root(assay_ctx *ctx, const assay_image *image,
			      const root_evidence *evidence)
{
	bool config_root = config_runs_as_root(image);
	text_buffer text = {0};
	text_buffer rationale = {0};

	if (image == NULL) {
		text_append(&text, "Set a non-root USER in the Dockerfile");
	} else if (artifact_is(image, "dockerfile")) {
		text_append(&text, "Set a non-root USER in %s", image->name);
	} else if (image->artifact_type == NULL || artifact_is(image, "container_image")) {
		text_append(&text, "Run %s as a non-root user: set USER in its Dockerfile",
			    image->name);
	} else {
		text_append(&text, "Run %s as a non-root user", image->name);
	}
	if (config_root && image->config_user[0] == '\0') {
		text_append(&rationale,
			    "The image config sets no USER, so the container runs as root");
	} else if (config_root) {
		text_append(&rationale, "The image config sets USER %s", image->config_user);
	}
	if (evidence->findings > 0) {
		text_append(&rationale, "%s%zu misconfiguration finding(s) report a root user (",
			    config_root ? "; " : "", evidence->findings);
		text_append_names(&rationale, evidence->ids.items, evidence->ids.count);
		if (evidence->files.count > 0) {
			text_append(&rationale, " in ");
			text_append_names(&rationale, evidence->files.items, evidence->files.count);
		}
		text_append(&rationale, ")");
	}
	return recommend(ctx, "Runtime User", "HIGH", &text, &rationale);
}

static bool note_root_finding(root_evidence *evidence, const assay_finding *finding)
{
	evidence->findings++;
	if (!string_set_add(&evidence->ids, finding->id)) {
		return false;
	}
	return finding->file == NULL ||
	       string_set_add(&evidence->files, finding->file);
}

/* One recommendation per image that runs as root, and one for such findings without an image. */
static int recommend_non_root_users(assay_ctx *ctx)
{
	size_t images = assay_image_count(ctx);
	size_t count = assay_finding_count(ctx);
	root_evidence *evidence = calloc(images + 1, sizeof(*evidence));
	image_index index = {0};
	size_t i;
	int err = evidence != NULL ? image_index_init(ctx, &index) : ASSAY_ENOMEM;

	for (i = 0; i < count && err == 0; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);

		prefetch_ahead(ctx, i, count);
		if (is_root_check(finding) && is_open(finding) &&
		    !note_root_finding(
			&evidence[image_slot(&index, assay_image_of(ctx, finding))], finding)) {
			err = ASSAY_ENOMEM;
		}
	}
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory");
	}
	for (i = 0; i <= images && err == 0; i++) {
		const assay_image *image = i < images ? assay_image_at(ctx, i) : NULL;

		if (evidence[i].findings > 0 || config_runs_as_root(image)) {
			err = recommend_non_root(ctx, image, &evidence[i]);
		}
	}
	for (i = 0; evidence != NULL && i <= images; i++) {
		string_set_dispose(&evidence[i].ids);
		string_set_dispose(&evidence[i].files);
	}
	free(evidence);
	free(index.entries);
	return err;
}

/* ---- Secrets ---- */

/* One recommendation for every secret that is not ignored: how many, where, never what. */
static int recommend_secret_removal(assay_ctx *ctx)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT] = {0};
	size_t count = assay_finding_count(ctx);
	string_set files = {0};
	size_t total = 0;
	size_t quantum = 0;
	text_buffer text = {0};
	text_buffer rationale = {0};
	size_t i;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);
		const char *place;

		prefetch_ahead(ctx, i, count);
		if (finding->kind != ASSAY_KIND_SECRET || !is_open(finding)) {
			continue;
		}
		place = finding->file != NULL ? finding->file : finding->target;
		total++;
		by_severity[finding->severity]++;
		quantum += has_tag(finding, "quantum-credential") ? 1 : 0;
		if (place != NULL && !string_set_add(&files, place)) {
			err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
	}
	if (err == 0 && total > 0) {
		text_append(&text, "Remove the %zu secret(s) found and rotate them", total);
		text_append(&rationale, "%zu secret finding(s) (", total);
		text_append_severities(&rationale, by_severity);
		text_append(&rationale, ") in ");
		text_append_names(&rationale, files.items, files.count);
		if (quantum > 0) {
			text_append(&rationale, "; quantum cloud credentials among them: %zu",
				    quantum);
		}
		text_append(&rationale,
			    ". Anyone who can read the image or repository can use them");
		err = recommend(ctx, "Secrets", priority_of(by_severity), &text, &rationale);
	}
	string_set_dispose(&files);
	return err;
}

static int recommendations_analyze(assay_ctx *ctx)
{
	int err = recommend_base_images(ctx);

	if (err == 0) {
		err = recommend_upgrades(ctx);
	}
	if (err == 0) {
		err = recommend_quantum_review(ctx);
	}
	if (err == 0) {
		err = recommend_non_root_users(ctx);
	}
	if (err == 0) {
		err = recommend_secret_removal(ctx);
	}
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "recommendations",
    .version = "0.1.0",
    .summary = "recommend base images, package upgrades, quantum reviews, a non-root user "
	       "and secret removal from the findings",
    .stage = ASSAY_STAGE_ADVISE,
    .analyze = recommendations_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
