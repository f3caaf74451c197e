/* SPDX-License-Identifier: Apache-2.0 */
/* The details of a Snyk vulnerability (aliases, references, CVSS, exploit data, advisory URL) and
 * list reads. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "snyk.h"

#define SNYK_ADVISORY_URL "https://security.snyk.io/vuln/"
#define SNYK_MAX_CVSS_SOURCES 8

/* CVSS data of one source, gathered before it is handed to the core. */
typedef struct {
	char name[32];
	assay_cvss cvss;
} snyk_cvss_source;

typedef struct {
	snyk_cvss_source items[SNYK_MAX_CVSS_SOURCES];
	size_t count;
} snyk_cvss_set;

static int read_aliases(snyk_reader *reader, const cJSON *item, assay_finding *finding,
			const snyk_vuln *vuln)
{
	static const char *const alias_lists[] = {"CVE", "GHSA", "ALTERNATIVE"};
	const cJSON *identifiers = NULL;
	size_t mark;
	size_t i;
	int err = 0;

	if (strcmp(vuln->snyk_id, vuln->id) != 0 &&
	    assay_finding_append(reader->ctx, finding, ASSAY_LIST_ALIASES, vuln->snyk_id) != 0) {
		return snyk_nomem(reader);
	}
	err = assay_json_get_object(reader->ctx, &reader->path, item, "identifiers", &identifiers);
	if (err || !identifiers) {
		return err;
	}

	/*
	 * An alias merges findings, so NSP ids (bare numbers), SUSE ids (one
	 * advisory covers many CVEs) and WS ids (used by no other scanner)
	 * are left out.
	 */
	mark = assay_json_path_push_key(&reader->path, "identifiers");
	for (i = 0; i < sizeof(alias_lists) / sizeof(*alias_lists) && !err; i++) {
		err = snyk_append_strings(reader, finding, ASSAY_LIST_ALIASES, identifiers,
					  alias_lists[i], vuln->id);
	}
	if (!err) {
		err =
		    snyk_append_strings(reader, finding, ASSAY_LIST_CWES, identifiers, "CWE", NULL);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

static int read_references(snyk_reader *reader, const cJSON *item, assay_finding *finding)
{
	const cJSON *references = NULL;
	const cJSON *reference = NULL;
	const char *url = NULL;
	size_t index = 0;
	size_t mark;
	int err = assay_json_get_array(reader->ctx, &reader->path, item, "references", &references);

	if (err || !references) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "references");
	cJSON_ArrayForEach(reference, references)
	{
		size_t inner = assay_json_path_push_index(&reader->path, index++);

		if (!cJSON_IsObject(reference)) {
			err = assay_json_type_error(reader->ctx, &reader->path, NULL, reference,
						    "an object");
		} else {
			err = assay_json_get_string(reader->ctx, &reader->path, reference, "url",
						    &url);
		}
		if (!err && url &&
		    assay_finding_append(reader->ctx, finding, ASSAY_LIST_URLS, url) != 0) {
			err = snyk_nomem(reader);
		}
		assay_json_path_pop(&reader->path, inner);
		if (err) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* The entry for `assigner` in `set`, added when missing; NULL when the set is full. */
static assay_cvss *cvss_source(snyk_cvss_set *set, const char *assigner)
{
	snyk_cvss_source *added = NULL;
	char name[32];
	size_t len = 0;
	size_t i;

	/* Snyk spells Red Hat three ways ("RHEL", "Red Hat", "redhat"). */
	if (strcasecmp(assigner, "RHEL") == 0 || strcasecmp(assigner, "Red Hat") == 0) {
		assigner = "redhat";
	}
	for (; assigner[len] != '\0' && len < sizeof(name) - 1; len++) {
		char c = assigner[len];

		name[len] = c == ' ' ? '-' : (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
	}
	name[len] = '\0';

	for (i = 0; i < set->count; i++) {
		if (strcmp(set->items[i].name, name) == 0) {
			return &set->items[i].cvss;
		}
	}
	if (set->count == SNYK_MAX_CVSS_SOURCES) {
		return NULL;
	}
	added = &set->items[set->count++];
	memcpy(added->name, name, len + 1);
	added->cvss =
	    (assay_cvss){.source = added->name, .v2_score = -1, .v3_score = -1, .v4_score = -1};
	return &added->cvss;
}

/*
 * Put a score and vector into the slot of their CVSS version, from the
 * vector's prefix ("CVSS:4.0/", "CVSS:3.1/", or none for v2) or else
 * `version`. A slot already filled keeps its value.
 */
static void cvss_put(assay_cvss *cvss, double score, bool has_score, const char *vector,
		     const char *version)
{
	double *slot_score = &cvss->v3_score;
	const char **slot_vector = &cvss->v3_vector;
	bool v2 = vector ? strncmp(vector, "CVSS:", 5) != 0 : (version && version[0] == '2');
	bool v4 = vector ? strncmp(vector, "CVSS:4", 6) == 0 : (version && version[0] == '4');

	if (v2) {
		slot_score = &cvss->v2_score;
		slot_vector = &cvss->v2_vector;
	} else if (v4) {
		slot_score = &cvss->v4_score;
		slot_vector = &cvss->v4_vector;
	}
	if (has_score && *slot_score < 0) {
		*slot_score = score;
	}
	if (vector && !*slot_vector) {
		*slot_vector = vector;
	}
}

/*
 * One entry of `cvssSources` (assigner, baseScore, vector, cvssVersion)
 * or of the older `cvssDetails` (assigner, cvssV3BaseScore, cvssV3Vector).
 */
static int read_cvss_entry(snyk_reader *reader, const cJSON *entry, bool details,
			   snyk_cvss_set *set)
{
	const char *assigner = NULL;
	const char *vector = NULL;
	const char *version = NULL;
	double score = 0;
	bool has_score = false;
	assay_cvss *cvss = NULL;
	int err;

	if (!cJSON_IsObject(entry)) {
		return assay_json_type_error(reader->ctx, &reader->path, NULL, entry, "an object");
	}
	err = assay_json_get_string(reader->ctx, &reader->path, entry, "assigner", &assigner);
	if (!err) {
		err = assay_json_get_number(reader->ctx, &reader->path, entry,
					    details ? "cvssV3BaseScore" : "baseScore", &score,
					    &has_score);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, entry,
					    details ? "cvssV3Vector" : "vector", &vector);
	}
	if (!err && !details) {
		err = assay_json_get_string(reader->ctx, &reader->path, entry, "cvssVersion",
					    &version);
	}
	if (err || !assigner || (!has_score && !vector)) {
		return err;
	}
	cvss = cvss_source(set, assigner);
	if (cvss) {
		cvss_put(cvss, score, has_score, vector, details ? "3" : version);
	}
	return 0;
}

static int read_cvss_list(snyk_reader *reader, const cJSON *item, const char *key,
			  snyk_cvss_set *set)
{
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	size_t index = 0;
	size_t mark;
	int err = assay_json_get_array(reader->ctx, &reader->path, item, key, &list);

	if (err || !list) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, key);
	cJSON_ArrayForEach(entry, list)
	{
		size_t inner = assay_json_path_push_index(&reader->path, index++);

		err = read_cvss_entry(reader, entry, strcmp(key, "cvssDetails") == 0, set);
		assay_json_path_pop(&reader->path, inner);
		if (err) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Snyk's own score (`cvssScore`, `CVSSv3`) as source "snyk", then the other sources. */
static int read_cvss(snyk_reader *reader, const cJSON *item, assay_finding *finding)
{
	snyk_cvss_set set = {.count = 0};
	assay_cvss *own = NULL;
	const char *vector = NULL;
	double score = 0;
	bool has_score = false;
	size_t i;
	int err = assay_json_get_number(reader->ctx, &reader->path, item, "cvssScore", &score,
					&has_score);

	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "CVSSv3", &vector);
	}
	if (!err && (has_score || vector)) {
		own = cvss_source(&set, "snyk");
	}
	if (own) {
		cvss_put(own, score, has_score, vector, "3");
	}
	if (!err) {
		err = read_cvss_list(reader, item, "cvssSources", &set);
	}
	if (!err) {
		err = read_cvss_list(reader, item, "cvssDetails", &set);
	}
	for (i = 0; i < set.count && !err; i++) {
		if (assay_finding_add_cvss(reader->ctx, finding, &set.items[i].cvss) != 0) {
			err = snyk_nomem(reader);
		}
	}
	return err;
}

/*
 * Snyk's exploit maturity (`exploit`) describes whether public exploit code
 * exists, not whether attacks were seen. Only mature code ("Mature", or
 * the CVSS words "High" and "Functional" that the JSON uses) counts as
 * known exploited. The absence of code proves nothing, so every other
 * value stays unknown (-1) and never becomes 0.
 */
static int exploit_state(const char *exploit)
{
	static const char *const mature[] = {"Mature", "High", "Functional"};
	size_t i;

	for (i = 0; exploit && i < sizeof(mature) / sizeof(*mature); i++) {
		if (strcasecmp(exploit, mature[i]) == 0) {
			return 1;
		}
	}
	return -1;
}

/* An EPSS value in 0..1; Snyk writes them as strings ("0.00046"). -1 when absent. */
static int read_probability(snyk_reader *reader, const cJSON *object, const char *key, double *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
	const char *text = NULL;
	char *end = NULL;
	double value = -1;

	*out = -1;
	if (!item || cJSON_IsNull(item)) {
		return 0;
	}
	if (cJSON_IsNumber(item)) {
		value = item->valuedouble;
	} else if (cJSON_IsString(item) && item->valuestring) {
		text = item->valuestring;
		value = strtod(text, &end);
		if (end == text || *end != '\0') {
			value = -1;
		}
	} else {
		return assay_json_type_error(reader->ctx, &reader->path, key, item,
					     "a number or a numeric string");
	}
	if (!(value >= 0 && value <= 1)) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "%s.%s: expected a probability between 0 and 1, found %s%s%s",
				   assay_json_path_text(&reader->path), key, text ? "\"" : "",
				   text ? text : "a number outside that range", text ? "\"" : "");
	}
	*out = value;
	return 0;
}

static int read_exploit_data(snyk_reader *reader, const cJSON *item, assay_finding *finding)
{
	const cJSON *epss = NULL;
	const char *exploit = NULL;
	size_t mark;
	int err = assay_json_get_string(reader->ctx, &reader->path, item, "exploit", &exploit);

	if (!err) {
		finding->known_exploited = exploit_state(exploit);
		err = assay_json_get_object(reader->ctx, &reader->path, item, "epssDetails", &epss);
	}
	if (err || !epss) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "epssDetails");
	err = read_probability(reader, epss, "probability", &finding->epss);
	if (!err) {
		err = read_probability(reader, epss, "percentile", &finding->epss_percentile);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

static int set_advisory_url(snyk_reader *reader, assay_finding *finding, const char *snyk_id)
{
	size_t prefix = strlen(SNYK_ADVISORY_URL);
	size_t len = strlen(snyk_id);
	char *url = malloc(prefix + len + 1);
	int err = 0;

	if (!url) {
		return snyk_nomem(reader);
	}
	memcpy(url, SNYK_ADVISORY_URL, prefix);
	memcpy(url + prefix, snyk_id, len + 1);
	if (assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PRIMARY_URL, url) != 0) {
		err = snyk_nomem(reader);
	}
	free(url);
	return err;
}

int snyk_fill_details(snyk_reader *reader, assay_finding *finding, const snyk_vuln *vuln,
		      const cJSON *item)
{
	static const struct {
		const char *key;
		assay_field field;
	} texts[] = {{"title", ASSAY_FIELD_TITLE},
		     {"description", ASSAY_FIELD_DESCRIPTION},
		     {"publicationTime", ASSAY_FIELD_PUBLISHED}};
	const char *value = NULL;
	size_t i;
	int err = 0;

	for (i = 0; i < sizeof(texts) / sizeof(*texts) && !err; i++) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, texts[i].key, &value);
		if (!err && assay_finding_set(reader->ctx, finding, texts[i].field, value) != 0) {
			err = snyk_nomem(reader);
		}
	}
	if (!err) {
		err = read_aliases(reader, item, finding, vuln);
	}
	if (!err) {
		err = read_references(reader, item, finding);
	}
	if (!err) {
		err = read_cvss(reader, item, finding);
	}
	if (!err) {
		err = read_exploit_data(reader, item, finding);
	}
	if (!err && !vuln->license) {
		err = set_advisory_url(reader, finding, vuln->snyk_id);
	}
	return err;
}

int snyk_nomem(snyk_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory",
			   assay_json_path_text(&reader->path));
}

int snyk_string_at(snyk_reader *reader, const cJSON *array, const char *key, size_t index,
		   const char **out)
{
	const cJSON *item = cJSON_GetArrayItem(array, (int)index);
	size_t mark;
	int err;

	*out = NULL;
	if (!item || cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring) {
		mark = assay_json_path_push_key(&reader->path, key);
		assay_json_path_push_index(&reader->path, index);
		err = assay_json_type_error(reader->ctx, &reader->path, NULL, item, "a string");
		assay_json_path_pop(&reader->path, mark);
		return err;
	}
	if (item->valuestring[0] != '\0') {
		*out = item->valuestring;
	}
	return 0;
}

int snyk_append_strings(snyk_reader *reader, assay_finding *finding, assay_list list,
			const cJSON *object, const char *key, const char *except)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	size_t index = 0;
	int err = assay_json_get_array(reader->ctx, &reader->path, object, key, &array);

	if (err || !array) {
		return err;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (cJSON_IsNull(item)) {
			index++;
			continue;
		}
		if (!cJSON_IsString(item) || !item->valuestring) {
			size_t mark = assay_json_path_push_key(&reader->path, key);

			assay_json_path_push_index(&reader->path, index);
			err = assay_json_type_error(reader->ctx, &reader->path, NULL, item,
						    "a string");
			assay_json_path_pop(&reader->path, mark);
			return err;
		}
		if (!except || strcmp(item->valuestring, except) != 0) {
			err = assay_finding_append(reader->ctx, finding, list, item->valuestring);
			if (err) {
				return snyk_nomem(reader);
			}
		}
		index++;
	}
	return 0;
}
