/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that tags findings in quantum frameworks and quantum cloud credentials and scores each
 * component. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assay/assay.h>

#define TAG_PACKAGE "quantum"
#define TAG_CREDENTIAL "quantum-credential"

/* Score weights; docs/quantum.md states the formula with these numbers. */
static const int severity_weight[ASSAY_SEVERITY_COUNT] = {
    [ASSAY_SEVERITY_UNKNOWN] = 2, [ASSAY_SEVERITY_LOW] = 1,	  [ASSAY_SEVERITY_MEDIUM] = 4,
    [ASSAY_SEVERITY_HIGH] = 10,	  [ASSAY_SEVERITY_CRITICAL] = 25,
};
#define CREDENTIAL_WEIGHT 50
#define FORMULA                                                                                    \
	"score = 100 - min(100, 25*CRITICAL + 10*HIGH + 4*MEDIUM + 1*LOW + 2*UNKNOWN + "           \
	"50*credentials), counting vulnerabilities that are not ignored; credentials are the "     \
	"quantum credentials found in the same image"

/*
 * Quantum frameworks and their plugins on PyPI. Patterns are compared
 * after Python's name normalization, so "qiskit*" also covers
 * qiskit-terra, qiskit-aer and qiskit-ibm-runtime.
 */
static const char *const default_patterns[] = {
    "qiskit*",
    "pennylane*",
    "cirq*",
    "amazon-braket*",
    "pyquil",
    "pytket*",
    "qsharp",
    "azure-quantum",
    "strawberryfields",
    "dwave-ocean-sdk",
    "dwave-system",
    "dwave-cloud-client",
    "qutip",
    "projectq",
    "openfermion*",
    "tensorflow-quantum",
    "qulacs*",
    "mitiq",
    "pyqir*",
};

/* Findings of one quantum package in one image. */
typedef struct {
	size_t image;	/* position among the run's images, or the image count without one */
	char *name;	/* normalized package name */
	size_t open;	/* vulnerabilities that are not ignored */
	size_t ignored; /* vulnerabilities that are ignored */
	size_t by_severity[ASSAY_SEVERITY_COUNT];
	long long weight; /* sum of the severity weights of the open vulnerabilities */
} component;

typedef struct {
	assay_ctx *ctx;
	char **patterns; /* normalized */
	size_t pattern_count;
	component *components; /* sorted by image, then name */
	size_t component_count;
	size_t component_capacity;
	size_t image_count;
	size_t *credentials; /* per image, plus one slot for findings without an image */
	bool *has_braket;    /* per image, same layout */
	char **braket_files; /* package paths and targets of amazon-braket findings */
	size_t braket_file_count;
	size_t braket_file_capacity;
} quantum_state;

/* ---- Names and patterns ---- */

/*
 * Python's name normalization (PEP 503) of `name` into `out`, which has
 * room for strlen(name) + 1 bytes: lowercase, and every run of '-', '_'
 * and '.' becomes one '-'.
 */
static void normalize_into(const char *name, char *out)
{
	size_t used = 0;
	const char *c;

	for (c = name; *c != '\0'; c++) {
		if (*c == '-' || *c == '_' || *c == '.') {
			if (used == 0 || out[used - 1] != '-') {
				out[used++] = '-';
			}
		} else {
			out[used++] = (char)tolower((unsigned char)*c);
		}
	}
	out[used] = '\0';
}

/* The normalized `name` as a new string, or NULL on out-of-memory. */
static char *normalize_name(const char *name)
{
	char *out = malloc(strlen(name) + 1);

	if (out != NULL) {
		normalize_into(name, out);
	}
	return out;
}

/* Distance, in findings, between the finding a pass reads and the one it prefetches. */
#define PREFETCH_DISTANCE 16

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/*
 * Prefetch the kind and package fields of the finding PREFETCH_DISTANCE
 * positions after `index`, and the package name of the one half as far
 * ahead, whose fields were prefetched earlier. The core sorts the findings
 * by severity, kind and id, so neighbours in that order lie far apart in
 * memory and, without this, each finding a pass reads waits for main memory.
 */
static void prefetch_ahead(assay_ctx *ctx, size_t index, size_t count)
{
	const assay_finding *later;

	if (index + PREFETCH_DISTANCE < count) {
		later = assay_finding_at(ctx, index + PREFETCH_DISTANCE);
		PREFETCH(&later->kind);
		PREFETCH(&later->pkg_name);
	}
	if (index + PREFETCH_DISTANCE / 2 < count) {
		later = assay_finding_at(ctx, index + PREFETCH_DISTANCE / 2);
		if (later->pkg_name != NULL) {
			PREFETCH(later->pkg_name);
		}
	}
}

static int policy_error(assay_ctx *ctx, const char *fmt, ...) ASSAY_PRINTF(2, 3);

static int policy_error(assay_ctx *ctx, const char *fmt, ...)
{
	const char *path = assay_policy_path(ctx);
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return assay_error(ctx, ASSAY_EPOLICY, "%s: %s", path != NULL ? path : "policy", message);
}

static int add_pattern(quantum_state *state, const char *pattern)
{
	char **grown = realloc(state->patterns, (state->pattern_count + 1) * sizeof(*grown));

	if (grown == NULL) {
		return assay_error(state->ctx, ASSAY_ENOMEM, "out of memory");
	}
	state->patterns = grown;
	state->patterns[state->pattern_count] = normalize_name(pattern);
	if (state->patterns[state->pattern_count] == NULL) {
		return assay_error(state->ctx, ASSAY_ENOMEM, "out of memory");
	}
	state->pattern_count++;
	return 0;
}

/* Add the strings of a policy list; `where` names it in messages ("quantum_packages"). */
static int add_policy_list(quantum_state *state, const cJSON *list, const char *where)
{
	const cJSON *item;
	size_t number = 0;
	int err = 0;

	if (!cJSON_IsArray(list) && !(cJSON_IsObject(list) && list->child == NULL)) {
		return policy_error(state->ctx, "%s must be a list of package names or globs",
				    where);
	}
	for (item = list->child; item != NULL && err == 0; item = item->next) {
		number++;
		if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
			return policy_error(state->ctx,
					    "%s[%zu] must be a package name or glob (a non-empty "
					    "string)",
					    where, number);
		}
		err = add_pattern(state, item->valuestring);
	}
	return err;
}

static int add_defaults(quantum_state *state)
{
	size_t i;
	int err = 0;

	for (i = 0; i < sizeof(default_patterns) / sizeof(default_patterns[0]) && err == 0; i++) {
		err = add_pattern(state, default_patterns[i]);
	}
	return err;
}

/*
 * The policy's quantum_packages: a list replaces the defaults; a table
 * {extend = {...}} adds to them.
 */
static int load_patterns(quantum_state *state)
{
	const cJSON *value = assay_policy_value(state->ctx, "quantum_packages");
	const cJSON *item;

	if (value == NULL || cJSON_IsNull(value)) {
		return add_defaults(state);
	}
	if (cJSON_IsArray(value) || (cJSON_IsObject(value) && value->child == NULL)) {
		return add_policy_list(state, value, "quantum_packages");
	}
	if (!cJSON_IsObject(value)) {
		return policy_error(state->ctx,
				    "quantum_packages must be a list of package names or globs, or "
				    "{extend = {...}}");
	}
	for (item = value->child; item != NULL; item = item->next) {
		if (strcmp(item->string, "extend") != 0) {
			return policy_error(state->ctx,
					    "quantum_packages has an unknown key '%s': give a list "
					    "to replace the defaults or {extend = {...}} to add to "
					    "them",
					    item->string);
		}
	}
	item = cJSON_GetObjectItemCaseSensitive(value, "extend");
	if (add_defaults(state) != 0) {
		return ASSAY_ENOMEM;
	}
	return add_policy_list(state, item, "quantum_packages.extend");
}

static bool matches_any(const quantum_state *state, const char *normalized)
{
	size_t i;

	for (i = 0; i < state->pattern_count; i++) {
		const char first = state->patterns[i][0];

		/* Most names differ in the first character: skip fnmatch for them. */
		if (first != '*' && first != '?' && first != '[' && first != normalized[0]) {
			continue;
		}
		if (fnmatch(state->patterns[i], normalized, 0) == 0) {
			return true;
		}
	}
	return false;
}

/* ---- Components ---- */

static int compare_component(size_t image, const char *name, const component *c)
{
	if (image != c->image) {
		return image < c->image ? -1 : 1;
	}
	return strcmp(name, c->name);
}

/* Find the component of (image, name), inserting it in sorted position when new. */
static component *find_component(quantum_state *state, size_t image, const char *name)
{
	size_t low = 0;
	size_t high = state->component_count;
	component *slot;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int order = compare_component(image, name, &state->components[mid]);

		if (order == 0) {
			return &state->components[mid];
		}
		if (order < 0) {
			high = mid;
		} else {
			low = mid + 1;
		}
	}
	if (state->component_count == state->component_capacity) {
		size_t capacity =
		    state->component_capacity != 0 ? state->component_capacity * 2 : 8;
		component *grown = realloc(state->components, capacity * sizeof(*grown));

		if (grown == NULL) {
			return NULL;
		}
		state->components = grown;
		state->component_capacity = capacity;
	}
	slot = &state->components[low];
	memmove(slot + 1, slot, (state->component_count - low) * sizeof(*slot));
	memset(slot, 0, sizeof(*slot));
	slot->image = image;
	slot->name = strdup(name);
	if (slot->name == NULL) {
		memmove(slot, slot + 1, (state->component_count - low) * sizeof(*slot));
		return NULL;
	}
	state->component_count++;
	return slot;
}

/* Position of the finding's image among the run's images, or image_count without one. */
static size_t image_slot(const quantum_state *state, const assay_finding *finding)
{
	const assay_image *image = assay_image_of(state->ctx, finding);
	size_t i;

	for (i = 0; image != NULL && i < state->image_count; i++) {
		if (assay_image_at(state->ctx, i) == image) {
			return i;
		}
	}
	return state->image_count;
}

static int note_braket_file(quantum_state *state, const char *file)
{
	size_t i;

	for (i = 0; file != NULL && i < state->braket_file_count; i++) {
		if (strcmp(file, state->braket_files[i]) == 0) {
			return 0;
		}
	}
	if (file == NULL) {
		return 0;
	}
	if (state->braket_file_count == state->braket_file_capacity) {
		size_t capacity =
		    state->braket_file_capacity != 0 ? state->braket_file_capacity * 2 : 8;
		char **grown = realloc(state->braket_files, capacity * sizeof(*grown));

		if (grown == NULL) {
			return ASSAY_ENOMEM;
		}
		state->braket_files = grown;
		state->braket_file_capacity = capacity;
	}
	state->braket_files[state->braket_file_count] = strdup(file);
	if (state->braket_files[state->braket_file_count] == NULL) {
		return ASSAY_ENOMEM;
	}
	state->braket_file_count++;
	return 0;
}

/* Record one finding of a quantum package: tag it and count it into its component. */
static int note_package_finding(quantum_state *state, assay_finding *finding, const char *name)
{
	size_t image = image_slot(state, finding);
	component *c = find_component(state, image, name);
	int err = c != NULL
		      ? assay_finding_append(state->ctx, finding, ASSAY_LIST_TAGS, TAG_PACKAGE)
		      : ASSAY_ENOMEM;

	if (err == 0 && fnmatch("amazon-braket*", name, 0) == 0) {
		state->has_braket[image] = true;
		err = note_braket_file(state, finding->pkg_path);
		if (err == 0) {
			err = note_braket_file(state, finding->target);
		}
	}
	if (err != 0 || finding->kind != ASSAY_KIND_VULNERABILITY) {
		return err;
	}
	if (finding->ignored) {
		c->ignored++;
		return 0;
	}
	c->open++;
	c->by_severity[finding->severity]++;
	c->weight += severity_weight[finding->severity];
	return 0;
}

static int scan_packages(quantum_state *state)
{
	size_t count = assay_finding_count(state->ctx);
	size_t i;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		assay_finding *finding = assay_finding_at(state->ctx, i);
		char buffer[128];
		char *name = buffer;

		prefetch_ahead(state->ctx, i, count);
		if (finding->pkg_name == NULL || finding->kind == ASSAY_KIND_SECRET) {
			continue;
		}
		/* Most names fit the buffer, which saves an allocation per finding. */
		if (strnlen(finding->pkg_name, sizeof(buffer)) < sizeof(buffer)) {
			normalize_into(finding->pkg_name, buffer);
		} else {
			name = normalize_name(finding->pkg_name);
		}
		if (name == NULL) {
			err = ASSAY_ENOMEM;
		} else if (matches_any(state, name)) {
			err = note_package_finding(state, finding, name);
		}
		if (name != buffer) {
			free(name);
		}
	}
	return err != 0 ? assay_error(state->ctx, err, "out of memory") : 0;
}

/* ---- Quantum cloud credentials ---- */

static const char *const ibm_words[] = {"ibm quantum", "ibm-quantum", "ibm_quantum",
					"ibmquantum",  "ibmq",	      "qiskit"};
static const char *const azure_words[] = {"azure quantum", "azure-quantum", "azure_quantum",
					  "azurequantum", "quantum.azure.com"};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* The secret's id, category and title, lowercased and joined by spaces. Never the secret itself. */
static char *secret_words(const assay_finding *finding)
{
	const char *parts[] = {finding->id, finding->category, finding->title};
	size_t size = 1;
	char *text;
	char *c;
	size_t i;

	for (i = 0; i < COUNT_OF(parts); i++) {
		size += parts[i] != NULL ? strlen(parts[i]) + 1 : 0;
	}
	text = calloc(1, size);
	if (text == NULL) {
		return NULL;
	}
	for (i = 0; i < COUNT_OF(parts); i++) {
		if (parts[i] != NULL) {
			strcat(text, parts[i]);
			strcat(text, " ");
		}
	}
	for (c = text; *c != '\0'; c++) {
		*c = (char)tolower((unsigned char)*c);
	}
	return text;
}

static bool contains_any(const char *text, const char *const *words, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strstr(text, words[i]) != NULL) {
			return true;
		}
	}
	return false;
}

static const char *skip_slashes(const char *path)
{
	while (*path == '/') {
		path++;
	}
	return path;
}

static bool in_braket_file(const quantum_state *state, const char *file)
{
	size_t i;

	for (i = 0; file != NULL && i < state->braket_file_count; i++) {
		if (strcmp(skip_slashes(file), skip_slashes(state->braket_files[i])) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Whether a secret is a quantum cloud credential: an IBM Quantum or Azure
 * Quantum key named as such, a rule naming Amazon Braket, or an AWS
 * credential in an image or file that also contains amazon-braket packages.
 */
static bool is_quantum_credential(const quantum_state *state, const assay_finding *finding,
				  size_t image, const char *words)
{
	if (contains_any(words, ibm_words, COUNT_OF(ibm_words)) ||
	    contains_any(words, azure_words, COUNT_OF(azure_words)) ||
	    strstr(words, "braket") != NULL) {
		return true;
	}
	if (strstr(words, "aws") == NULL) {
		return false;
	}
	return (image < state->image_count && state->has_braket[image]) ||
	       in_braket_file(state, finding->file);
}

static int scan_secrets(quantum_state *state)
{
	size_t count = assay_finding_count(state->ctx);
	size_t i;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		assay_finding *finding = assay_finding_at(state->ctx, i);
		size_t image;
		char *words;

		prefetch_ahead(state->ctx, i, count);
		if (finding->kind != ASSAY_KIND_SECRET) {
			continue;
		}
		words = secret_words(finding);
		if (words == NULL) {
			err = ASSAY_ENOMEM;
			break;
		}
		image = image_slot(state, finding);
		if (is_quantum_credential(state, finding, image, words)) {
			err = assay_finding_append(state->ctx, finding, ASSAY_LIST_TAGS,
						   TAG_CREDENTIAL);
			if (!finding->ignored) {
				state->credentials[image]++;
			}
		}
		free(words);
	}
	return err != 0 ? assay_error(state->ctx, err, "out of memory") : 0;
}

/* ---- The "quantum" section ---- */

static long long score_of(long long penalty)
{
	return 100 - (penalty > 100 ? 100 : penalty);
}

static long long credential_penalty(const quantum_state *state, size_t image)
{
	return (long long)state->credentials[image] * CREDENTIAL_WEIGHT;
}

static cJSON *image_name_json(const quantum_state *state, size_t image)
{
	if (image >= state->image_count) {
		return cJSON_CreateNull();
	}
	return cJSON_CreateString(assay_image_at(state->ctx, image)->name);
}

static cJSON *severities_json(const size_t counts[ASSAY_SEVERITY_COUNT])
{
	cJSON *object = cJSON_CreateObject();
	int severity;

	for (severity = ASSAY_SEVERITY_CRITICAL; object != NULL && severity >= 0; severity--) {
		if (cJSON_AddNumberToObject(object, assay_severity_name((assay_severity)severity),
					    (double)counts[severity]) == NULL) {
			cJSON_Delete(object);
			return NULL;
		}
	}
	return object;
}

/* Add `item` to `object` under `key`; deletes it when that fails. */
static bool put(cJSON *object, const char *key, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToObject(object, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

static cJSON *component_json(const quantum_state *state, const component *c)
{
	cJSON *object = cJSON_CreateObject();
	size_t credentials = state->credentials[c->image];
	bool ok = object != NULL;

	ok = ok && put(object, "image", image_name_json(state, c->image));
	ok = ok && put(object, "component", cJSON_CreateString(c->name));
	ok = ok && put(object, "findings", cJSON_CreateNumber((double)c->open));
	ok = ok && put(object, "ignored", cJSON_CreateNumber((double)c->ignored));
	ok = ok && put(object, "by_severity", severities_json(c->by_severity));
	ok = ok && put(object, "credentials", cJSON_CreateNumber((double)credentials));
	ok = ok && put(object, "score",
		       cJSON_CreateNumber(
			   (double)score_of(c->weight + credential_penalty(state, c->image))));
	if (!ok) {
		cJSON_Delete(object);
		return NULL;
	}
	return object;
}

/* Totals of one image over its components. */
typedef struct {
	size_t components;
	size_t findings;
	long long weight;
} image_totals;

static void total_image(const quantum_state *state, size_t image, image_totals *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < state->component_count; i++) {
		const component *c = &state->components[i];

		if (c->image == image) {
			out->components++;
			out->findings += c->open;
			out->weight += c->weight;
		}
	}
}

static cJSON *image_json(const quantum_state *state, size_t image, const image_totals *totals,
			 long long score)
{
	cJSON *object = cJSON_CreateObject();
	bool ok = object != NULL;

	ok = ok && put(object, "image", image_name_json(state, image));
	ok = ok && put(object, "score", cJSON_CreateNumber((double)score));
	ok =
	    ok && put(object, "credentials", cJSON_CreateNumber((double)state->credentials[image]));
	ok = ok && put(object, "components", cJSON_CreateNumber((double)totals->components));
	ok = ok && put(object, "findings", cJSON_CreateNumber((double)totals->findings));
	if (!ok) {
		cJSON_Delete(object);
		return NULL;
	}
	return object;
}

/*
 * Add the images that have a quantum component or credential, and set
 * `*lowest` to the lowest image score (-1 when there is none).
 */
static bool add_images(const quantum_state *state, cJSON *list, long long *lowest)
{
	size_t image;

	*lowest = -1;
	for (image = 0; image <= state->image_count; image++) {
		image_totals totals;
		long long score;

		total_image(state, image, &totals);
		if (totals.components == 0 && state->credentials[image] == 0) {
			continue;
		}
		score = score_of(totals.weight + credential_penalty(state, image));
		if (*lowest < 0 || score < *lowest) {
			*lowest = score;
		}
		if (!cJSON_AddItemToArray(list, image_json(state, image, &totals, score))) {
			return false;
		}
	}
	return true;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct component names over every image, sorted. */
static cJSON *matched_names_json(const quantum_state *state)
{
	const char **names = malloc((state->component_count + 1) * sizeof(*names));
	cJSON *list = cJSON_CreateArray();
	size_t i;

	if (names == NULL || list == NULL) {
		free(names);
		cJSON_Delete(list);
		return NULL;
	}
	for (i = 0; i < state->component_count; i++) {
		names[i] = state->components[i].name;
	}
	qsort(names, state->component_count, sizeof(*names), compare_strings);
	for (i = 0; i < state->component_count; i++) {
		if ((i == 0 || strcmp(names[i], names[i - 1]) != 0) &&
		    !cJSON_AddItemToArray(list, cJSON_CreateString(names[i]))) {
			cJSON_Delete(list);
			list = NULL;
			break;
		}
	}
	free(names);
	return list;
}

static cJSON *weights_json(void)
{
	size_t counts[ASSAY_SEVERITY_COUNT];
	cJSON *object;
	int severity;

	for (severity = 0; severity < ASSAY_SEVERITY_COUNT; severity++) {
		counts[severity] = (size_t)severity_weight[severity];
	}
	object = severities_json(counts);
	if (object != NULL &&
	    cJSON_AddNumberToObject(object, "credential", CREDENTIAL_WEIGHT) == NULL) {
		cJSON_Delete(object);
		return NULL;
	}
	return object;
}

static size_t total_credentials(const quantum_state *state)
{
	size_t total = 0;
	size_t image;

	for (image = 0; image <= state->image_count; image++) {
		total += state->credentials[image];
	}
	return total;
}

/* A one-sentence summary of what was found, for people reading the JSON or the HTML. */
static cJSON *message_json(const quantum_state *state, size_t images)
{
	size_t credentials = total_credentials(state);
	char text[256];

	if (state->component_count == 0 && credentials == 0) {
		snprintf(text, sizeof(text), "no quantum packages found");
	} else if (state->component_count == 0) {
		snprintf(text, sizeof(text),
			 "no quantum packages found; %zu quantum credential(s) found", credentials);
	} else {
		snprintf(text, sizeof(text),
			 "%zu quantum component(s) and %zu quantum credential(s) in %zu image(s)",
			 state->component_count, credentials, images);
	}
	return cJSON_CreateString(text);
}

static cJSON *patterns_json(const quantum_state *state)
{
	cJSON *list = cJSON_CreateArray();
	size_t i;

	for (i = 0; list != NULL && i < state->pattern_count; i++) {
		if (!cJSON_AddItemToArray(list, cJSON_CreateString(state->patterns[i]))) {
			cJSON_Delete(list);
			return NULL;
		}
	}
	return list;
}

static cJSON *section_json(const quantum_state *state)
{
	cJSON *result = cJSON_CreateObject();
	bool ok = result != NULL && put(result, "packages_matched", matched_names_json(state)) &&
		  put(result, "patterns", patterns_json(state));
	cJSON *components = ok ? cJSON_AddArrayToObject(result, "components") : NULL;
	cJSON *images = ok ? cJSON_AddArrayToObject(result, "images") : NULL;
	long long lowest = -1;
	size_t i;

	ok = components != NULL && images != NULL;
	for (i = 0; ok && i < state->component_count; i++) {
		ok = cJSON_AddItemToArray(components, component_json(state, &state->components[i]));
	}
	ok = ok && add_images(state, images, &lowest);
	ok = ok && put(result, "score",
		       lowest >= 0 ? cJSON_CreateNumber((double)lowest) : cJSON_CreateNull());
	ok = ok && put(result, "message", message_json(state, (size_t)cJSON_GetArraySize(images)));
	ok = ok && put(result, "formula", cJSON_CreateString(FORMULA));
	ok = ok && put(result, "weights", weights_json());
	if (!ok) {
		cJSON_Delete(result);
		return NULL;
	}
	return result;
}

static void state_dispose(quantum_state *state)
{
	size_t i;

	for (i = 0; i < state->pattern_count; i++) {
		free(state->patterns[i]);
	}
	free(state->patterns);
	for (i = 0; i < state->component_count; i++) {
		free(state->components[i].name);
	}
	free(state->components);
	for (i = 0; i < state->braket_file_count; i++) {
		free(state->braket_files[i]);
	}
	free(state->braket_files);
	free(state->credentials);
	free(state->has_braket);
}

static int quantum_analyze(assay_ctx *ctx)
{
	quantum_state state = {.ctx = ctx};
	cJSON *result = NULL;
	int err;

	state.image_count = assay_image_count(ctx);
	/* One slot per image and one for findings without an image. */
	state.credentials = calloc(state.image_count + 1, sizeof(*state.credentials));
	state.has_braket = calloc(state.image_count + 1, sizeof(*state.has_braket));
	if (state.credentials == NULL || state.has_braket == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		goto out;
	}
	err = load_patterns(&state);
	if (err == 0) {
		err = scan_packages(&state);
	}
	if (err == 0) {
		err = scan_secrets(&state);
	}
	if (err != 0) {
		goto out;
	}
	result = section_json(&state);
	err = result != NULL ? assay_section_set(ctx, "quantum", result) : ASSAY_ENOMEM;
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory while writing the quantum section");
	}

out:
	state_dispose(&state);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "quantum",
    .version = "0.1.0",
    .summary = "tag findings in quantum frameworks and quantum cloud credentials, and score "
	       "each quantum component",
    .stage = ASSAY_STAGE_ENRICH,
    .analyze = quantum_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
