/* SPDX-License-Identifier: Apache-2.0 */
/* Turns one entry of a Grype report's "matches" into a vulnerability finding. */
#include <string.h>

#include "grype.h"

/*
 * Grype writes one CVSS entry per source and version; assay keeps one
 * record per source with a slot per version. Past this many sources in one
 * match the remaining entries are added unmerged, which keeps the merge
 * linear in the number of entries.
 */
#define GRYPE_CVSS_SOURCES 16

/* CVSS records being merged for one finding; strings borrowed from the parse tree. */
typedef struct {
	assay_finding *finding;
	assay_cvss items[GRYPE_CVSS_SOURCES];
	size_t count;
} cvss_set;

/*
 * Package types whose packages belong to the operating system. Trivy gives
 * these no package path, so leaving it unset lets both scanners' findings
 * for one OS package merge.
 */
static const char *const os_package_types[] = {"alpm", "apk", "deb", "kb", "portage", "rpm"};

static bool is_os_package_type(const char *type)
{
	size_t i;

	if (type == NULL) {
		return false;
	}
	for (i = 0; i < sizeof(os_package_types) / sizeof(os_package_types[0]); i++) {
		if (strcmp(type, os_package_types[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* CVSS major version from the "version" field, else from the vector; 0 when neither names one. */
static int cvss_major(const char *version, const char *vector)
{
	if (version != NULL && (version[0] == '2' || version[0] == '3' || version[0] == '4')) {
		return version[0] - '0';
	}
	if (vector == NULL) {
		return 0;
	}
	if (strncmp(vector, "CVSS:4", 6) == 0) {
		return 4;
	}
	if (strncmp(vector, "CVSS:3", 6) == 0) {
		return 3;
	}
	/* CVSS v2 vectors carry no prefix: "AV:N/AC:L/Au:N/C:P/I:P/A:P". */
	if (strncmp(vector, "AV:", 3) == 0) {
		return 2;
	}
	return 0;
}

static void cvss_clear(assay_cvss *cvss, const char *source)
{
	memset(cvss, 0, sizeof(*cvss));
	cvss->source = source;
	cvss->v2_score = -1;
	cvss->v3_score = -1;
	cvss->v4_score = -1;
}

/* Put a score into the slot of its version unless an earlier entry filled it. */
static void cvss_fill(assay_cvss *cvss, int major, double score, const char *vector)
{
	double *slot_score = &cvss->v2_score;
	const char **slot_vector = &cvss->v2_vector;

	if (major == 3) {
		slot_score = &cvss->v3_score;
		slot_vector = &cvss->v3_vector;
	} else if (major == 4) {
		slot_score = &cvss->v4_score;
		slot_vector = &cvss->v4_vector;
	}
	if (*slot_score < 0 && *slot_vector == NULL) {
		*slot_score = score;
		*slot_vector = vector;
	}
}

static int cvss_set_add(grype_reader *reader, cvss_set *set, const char *source, int major,
			double score, const char *vector)
{
	assay_cvss single;
	size_t i;

	for (i = 0; i < set->count; i++) {
		if (strcmp(set->items[i].source, source) == 0) {
			cvss_fill(&set->items[i], major, score, vector);
			return 0;
		}
	}
	if (set->count < GRYPE_CVSS_SOURCES) {
		cvss_clear(&set->items[set->count], source);
		cvss_fill(&set->items[set->count], major, score, vector);
		set->count++;
		return 0;
	}
	cvss_clear(&single, source);
	cvss_fill(&single, major, score, vector);
	if (assay_finding_add_cvss(reader->ctx, set->finding, &single) != 0) {
		return grype_nomem(reader);
	}
	return 0;
}

static int cvss_set_flush(grype_reader *reader, cvss_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		if (assay_finding_add_cvss(reader->ctx, set->finding, &set->items[i]) != 0) {
			return grype_nomem(reader);
		}
	}
	set->count = 0;
	return 0;
}

/* A base score: absent reads as -1, anything outside 0..10 is an error. */
static int read_base_score(grype_reader *reader, const cJSON *object, double *out)
{
	bool present = false;
	int err = grype_get_number(reader, object, "baseScore", out, &present);

	if (err != 0) {
		return err;
	}
	if (!present) {
		*out = -1;
		return 0;
	}
	if (*out < 0 || *out > 10) {
		size_t saved = assay_json_path_push_key(&reader->path, "baseScore");

		assay_error(reader->ctx, ASSAY_EPARSE,
			    "%s: expected a CVSS score from 0 to 10, found %g", reader->path.text,
			    *out);
		assay_json_path_pop(&reader->path, saved);
		return ASSAY_EPARSE;
	}
	return 0;
}

/* One element of a "cvss" array: {source, type, version, vector, metrics: {baseScore}}. */
static int read_cvss_entry(grype_reader *reader, cvss_set *set, const cJSON *entry,
			   const char *fallback_source)
{
	const char *source = NULL;
	const char *version = NULL;
	const char *vector = NULL;
	const cJSON *metrics = NULL;
	double score = -1;
	int major = 0;
	int err = grype_expect_object(reader, entry);

	if (err == 0) {
		err = grype_get_text(reader, entry, "source", &source);
	}
	if (err == 0) {
		err = grype_get_text(reader, entry, "version", &version);
	}
	if (err == 0) {
		err = grype_get_text(reader, entry, "vector", &vector);
	}
	if (err == 0) {
		err = grype_get_object(reader, entry, "metrics", &metrics);
	}
	if (err == 0 && metrics != NULL) {
		size_t saved = assay_json_path_push_key(&reader->path, "metrics");

		err = read_base_score(reader, metrics, &score);
		assay_json_path_pop(&reader->path, saved);
	}
	if (err != 0) {
		return err;
	}

	major = cvss_major(version, vector);
	if (major == 0 || (score < 0 && vector == NULL)) {
		return 0;
	}
	return cvss_set_add(reader, set, source != NULL ? source : fallback_source, major, score,
			    vector);
}

/*
 * The "cvss" array of a vulnerability or a related vulnerability. Entries
 * without a "source" (older releases such as 0.28 write none) are
 * credited to the record's namespace, such as "nvd:cpe", else to "grype".
 */
static int read_cvss_list(grype_reader *reader, cvss_set *set, const cJSON *record)
{
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	const char *namespace = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, record, "cvss", &list);

	if (err == 0) {
		err = grype_get_text(reader, record, "namespace", &namespace);
	}
	if (err != 0 || list == NULL) {
		return err;
	}
	cJSON_ArrayForEach(entry, list)
	{
		size_t saved = assay_json_path_push_key(&reader->path, "cvss");

		assay_json_path_push_index(&reader->path, index);
		err = read_cvss_entry(reader, set, entry, namespace != NULL ? namespace : "grype");
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/*
 * Grype 0.7 and older wrote "cvssV2" and "cvssV3" objects ({baseScore,
 * vector}) instead of the "cvss" array, without naming their source.
 */
static int read_legacy_cvss(grype_reader *reader, cvss_set *set, const cJSON *vulnerability)
{
	static const char *const keys[] = {"cvssV2", "cvssV3"};
	size_t i;

	for (i = 0; i < 2; i++) {
		const cJSON *object = NULL;
		const char *vector = NULL;
		double score = -1;
		size_t saved = 0;
		int err = grype_get_object(reader, vulnerability, keys[i], &object);

		if (err != 0) {
			return err;
		}
		if (object == NULL) {
			continue;
		}
		saved = assay_json_path_push_key(&reader->path, keys[i]);
		err = grype_get_text(reader, object, "vector", &vector);
		if (err == 0) {
			err = read_base_score(reader, object, &score);
		}
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		if (score >= 0 || vector != NULL) {
			err = cvss_set_add(reader, set, "grype", i == 0 ? 2 : 3, score, vector);
		}
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

/* A probability from 0 to 1 at `key`; absent leaves *out unchanged. */
static int read_probability(grype_reader *reader, const cJSON *object, const char *key, double *out)
{
	double value = 0;
	bool present = false;
	int err = grype_get_number(reader, object, key, &value, &present);

	if (err != 0 || !present) {
		return err;
	}
	if (value < 0 || value > 1) {
		size_t saved = assay_json_path_push_key(&reader->path, key);

		assay_error(reader->ctx, ASSAY_EPARSE,
			    "%s: expected a probability from 0 to 1, found %g", reader->path.text,
			    value);
		assay_json_path_pop(&reader->path, saved);
		return ASSAY_EPARSE;
	}
	*out = value;
	return 0;
}

/* "epss": [{cve, epss, percentile, date}], as recent releases (0.94 for one) write it. */
static int read_epss(grype_reader *reader, assay_finding *finding, const cJSON *record)
{
	const cJSON *list = NULL;
	const cJSON *first = NULL;
	double epss = -1;
	double percentile = -1;
	size_t saved = 0;
	int err = grype_get_array(reader, record, "epss", &list);

	if (err != 0 || list == NULL || cJSON_GetArraySize(list) == 0) {
		return err;
	}
	first = cJSON_GetArrayItem(list, 0);
	saved = assay_json_path_push_key(&reader->path, "epss");
	assay_json_path_push_index(&reader->path, 0);
	err = grype_expect_object(reader, first);
	if (err == 0) {
		err = read_probability(reader, first, "epss", &epss);
	}
	if (err == 0) {
		err = read_probability(reader, first, "percentile", &percentile);
	}
	assay_json_path_pop(&reader->path, saved);
	if (err == 0 && finding->epss < 0) {
		finding->epss = epss;
		finding->epss_percentile = percentile;
	}
	return err;
}

/*
 * "knownExploited": an entry per CISA KEV record; a non-empty array means
 * known exploited, an empty one not. A finding takes the strongest value
 * of its vulnerability and related vulnerabilities, because KEV is keyed
 * by CVE and a GHSA record carries none. The entries' "cwes" are kept too.
 */
static int read_known_exploited(grype_reader *reader, assay_finding *finding, const cJSON *record)
{
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, record, "knownExploited", &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	if (cJSON_GetArraySize(list) > 0) {
		finding->known_exploited = 1;
	} else if (finding->known_exploited < 0) {
		finding->known_exploited = 0;
	}
	cJSON_ArrayForEach(entry, list)
	{
		size_t saved = assay_json_path_push_key(&reader->path, "knownExploited");

		assay_json_path_push_index(&reader->path, index);
		err = grype_expect_object(reader, entry);
		if (err == 0) {
			err = grype_copy_strings(reader, finding, ASSAY_LIST_CWES, entry, "cwes");
		}
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/* "cwes": strings, or objects {cve, cwe, source, type} as recent Grype writes them. */
static int read_cwes(grype_reader *reader, assay_finding *finding, const cJSON *record)
{
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, record, "cwes", &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	cJSON_ArrayForEach(entry, list)
	{
		const char *cwe = NULL;
		size_t saved = assay_json_path_push_key(&reader->path, "cwes");

		assay_json_path_push_index(&reader->path, index);
		if (cJSON_IsString(entry)) {
			cwe = entry->valuestring;
		} else if (cJSON_IsObject(entry)) {
			err = grype_get_text(reader, entry, "cwe", &cwe);
		} else {
			err = grype_type_error(reader, NULL, entry, "a string or an object");
		}
		if (err == 0 && cwe != NULL &&
		    assay_finding_append(reader->ctx, finding, ASSAY_LIST_CWES, cwe) != 0) {
			err = grype_nomem(reader);
		}
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/* Exploit data and weaknesses, shared by a vulnerability and its related records. */
static int read_risk_data(grype_reader *reader, assay_finding *finding, const cJSON *record)
{
	int err = read_cwes(reader, finding, record);

	if (err == 0) {
		err = read_known_exploited(reader, finding, record);
	}
	if (err == 0) {
		err = read_epss(reader, finding, record);
	}
	return err;
}

/* Fix state from Grype's "fix.state" words; "" and unrecognized words read as absent. */
static bool parse_fix_state(const char *state, assay_fix_state *out)
{
	if (state == NULL) {
		return false;
	}
	if (strcmp(state, "fixed") == 0) {
		*out = ASSAY_FIX_FIXED;
	} else if (strcmp(state, "not-fixed") == 0) {
		*out = ASSAY_FIX_NOT_FIXED;
	} else if (strcmp(state, "wont-fix") == 0) {
		*out = ASSAY_FIX_WONT_FIX;
	} else if (strcmp(state, "unknown") == 0) {
		*out = ASSAY_FIX_UNKNOWN;
	} else {
		return false;
	}
	return true;
}

/*
 * "fix": {versions, state}. A report without a state (Grype 0.7 wrote a
 * single "fixedInVersion" string instead; 0.94 writes "state": "") gets
 * FIXED when it names a fixed version and UNKNOWN otherwise.
 */
static int read_fix(grype_reader *reader, assay_finding *finding, const cJSON *vulnerability)
{
	const cJSON *fix = NULL;
	const char *state = NULL;
	const char *legacy_version = NULL;
	assay_fix_state fix_state = ASSAY_FIX_UNKNOWN;
	int err = grype_get_object(reader, vulnerability, "fix", &fix);

	if (err == 0 && fix != NULL) {
		size_t saved = assay_json_path_push_key(&reader->path, "fix");

		err =
		    grype_copy_strings(reader, finding, ASSAY_LIST_FIXED_VERSIONS, fix, "versions");
		if (err == 0) {
			err = grype_get_text(reader, fix, "state", &state);
		}
		assay_json_path_pop(&reader->path, saved);
	}
	if (err == 0) {
		err = grype_get_text(reader, vulnerability, "fixedInVersion", &legacy_version);
	}
	if (err != 0) {
		return err;
	}
	if (legacy_version != NULL &&
	    assay_finding_append(reader->ctx, finding, ASSAY_LIST_FIXED_VERSIONS, legacy_version) !=
		0) {
		return grype_nomem(reader);
	}

	if (!parse_fix_state(state, &fix_state) && finding->fixed_versions.count > 0) {
		fix_state = ASSAY_FIX_FIXED;
	}
	finding->fix_state = fix_state;
	return 0;
}

/*
 * The "vulnerability" object: id, severity, description, links, fix, CVSS
 * and exploit data. Grype 0.7 wrote "links" where later releases write "urls".
 */
static int read_vulnerability(grype_reader *reader, cvss_set *set, const cJSON *vulnerability)
{
	assay_finding *finding = set->finding;
	const char *id = NULL;
	const char *severity = NULL;
	int err = grype_get_text(reader, vulnerability, "id", &id);

	if (err == 0 && id == NULL) {
		err = grype_missing_error(reader, "id",
					  "the vulnerability id, such as \"CVE-2024-1234\"");
	}
	if (err == 0 && assay_finding_set(reader->ctx, finding, ASSAY_FIELD_ID, id) != 0) {
		err = grype_nomem(reader);
	}
	if (err == 0) {
		err = grype_get_text(reader, vulnerability, "severity", &severity);
	}
	if (err == 0) {
		finding->severity = assay_severity_parse(severity);
		err = grype_copy_text(reader, finding, ASSAY_FIELD_RAW_SEVERITY, vulnerability,
				      "severity");
	}
	if (err == 0) {
		err = grype_copy_text(reader, finding, ASSAY_FIELD_DESCRIPTION, vulnerability,
				      "description");
	}
	if (err == 0) {
		err = grype_copy_text(reader, finding, ASSAY_FIELD_PRIMARY_URL, vulnerability,
				      "dataSource");
	}
	if (err == 0) {
		err = grype_copy_strings(reader, finding, ASSAY_LIST_URLS, vulnerability, "urls");
	}
	if (err == 0) {
		err = grype_copy_strings(reader, finding, ASSAY_LIST_URLS, vulnerability, "links");
	}
	if (err == 0) {
		err = read_fix(reader, finding, vulnerability);
	}
	if (err == 0) {
		err = read_cvss_list(reader, set, vulnerability);
	}
	if (err == 0) {
		err = read_legacy_cvss(reader, set, vulnerability);
	}
	if (err == 0) {
		err = read_risk_data(reader, finding, vulnerability);
	}
	return err;
}

/*
 * One element of "relatedVulnerabilities": the same issue under another
 * id (or the NVD record of the same id). Its id becomes an alias; its
 * description and data source fill in what the vulnerability lacks.
 */
static int read_related_entry(grype_reader *reader, cvss_set *set, const cJSON *related)
{
	assay_finding *finding = set->finding;
	const char *id = NULL;
	const char *description = NULL;
	const char *data_source = NULL;
	int err = grype_expect_object(reader, related);

	if (err == 0) {
		err = grype_get_text(reader, related, "id", &id);
	}
	if (err == 0) {
		err = grype_get_text(reader, related, "description", &description);
	}
	if (err == 0) {
		err = grype_get_text(reader, related, "dataSource", &data_source);
	}
	if (err != 0) {
		return err;
	}
	if (id != NULL && strcmp(id, finding->id) != 0 &&
	    assay_finding_append(reader->ctx, finding, ASSAY_LIST_ALIASES, id) != 0) {
		return grype_nomem(reader);
	}
	if (finding->description == NULL && description != NULL &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_DESCRIPTION, description) != 0) {
		return grype_nomem(reader);
	}
	if (finding->primary_url == NULL && data_source != NULL &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PRIMARY_URL, data_source) != 0) {
		return grype_nomem(reader);
	}

	err = read_cvss_list(reader, set, related);
	if (err == 0) {
		err = read_risk_data(reader, finding, related);
	}
	return err;
}

static int read_related(grype_reader *reader, cvss_set *set, const cJSON *match)
{
	const cJSON *list = NULL;
	const cJSON *related = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, match, "relatedVulnerabilities", &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	cJSON_ArrayForEach(related, list)
	{
		size_t saved = assay_json_path_push_key(&reader->path, "relatedVulnerabilities");

		assay_json_path_push_index(&reader->path, index);
		err = read_related_entry(reader, set, related);
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/*
 * Record the package path without its leading "/" (Grype writes absolute
 * paths inside the image, Trivy relative ones) and the layer.
 */
static int set_location(grype_reader *reader, assay_finding *finding, const char *path,
			const char *layer)
{
	while (path != NULL && path[0] == '/') {
		path++;
	}
	if (path != NULL && path[0] != '\0' &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_PATH, path) != 0) {
		return grype_nomem(reader);
	}
	if (layer != NULL &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_LAYER, layer) != 0) {
		return grype_nomem(reader);
	}
	return 0;
}

/*
 * "locations": [{path, layerID}]. Every element is checked; the first one
 * gives the package path (for packages outside the OS package manager)
 * and the layer.
 */
static int read_locations(grype_reader *reader, assay_finding *finding, const cJSON *artifact,
			  bool keep_path)
{
	const cJSON *list = NULL;
	const cJSON *location = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, artifact, "locations", &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	cJSON_ArrayForEach(location, list)
	{
		const char *path = NULL;
		const char *layer = NULL;
		size_t saved = assay_json_path_push_key(&reader->path, "locations");

		assay_json_path_push_index(&reader->path, index);
		err = grype_expect_object(reader, location);
		if (err == 0) {
			err = grype_get_text(reader, location, "path", &path);
		}
		if (err == 0) {
			err = grype_get_text(reader, location, "layerID", &layer);
		}
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		if (index == 0) {
			err = set_location(reader, finding, keep_path ? path : NULL, layer);
		}
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/* The "artifact" object: the package the vulnerability was found in. */
static int read_artifact(grype_reader *reader, assay_finding *finding, const cJSON *artifact)
{
	const char *name = NULL;
	const char *type = NULL;
	int err = grype_get_text(reader, artifact, "name", &name);

	if (err == 0 && name == NULL) {
		err = grype_missing_error(reader, "name", "the package name");
	}
	if (err == 0 && assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_NAME, name) != 0) {
		err = grype_nomem(reader);
	}
	if (err == 0) {
		err =
		    grype_copy_text(reader, finding, ASSAY_FIELD_PKG_VERSION, artifact, "version");
	}
	if (err == 0) {
		err = grype_get_text(reader, artifact, "type", &type);
	}
	if (err == 0 && type != NULL &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_TYPE, type) != 0) {
		err = grype_nomem(reader);
	}
	if (err == 0) {
		err = grype_copy_text(reader, finding, ASSAY_FIELD_PURL, artifact, "purl");
	}
	if (err == 0) {
		err = read_locations(reader, finding, artifact, !is_os_package_type(type));
	}
	return err;
}

/* Look up a required object member of a match. */
static int get_required_object(grype_reader *reader, const cJSON *match, const char *key,
			       const char *expected, const cJSON **out)
{
	int err = grype_get_object(reader, match, key, out);

	if (err == 0 && *out == NULL) {
		err = grype_missing_error(reader, key, expected);
	}
	return err;
}

static int read_match_parts(grype_reader *reader, cvss_set *set, const cJSON *match)
{
	const cJSON *vulnerability = NULL;
	const cJSON *artifact = NULL;
	size_t saved = 0;
	int err = get_required_object(reader, match, "vulnerability",
				      "an object with the vulnerability id", &vulnerability);

	if (err == 0) {
		err = get_required_object(reader, match, "artifact",
					  "an object with the package name", &artifact);
	}
	if (err != 0) {
		return err;
	}

	saved = assay_json_path_push_key(&reader->path, "vulnerability");
	err = read_vulnerability(reader, set, vulnerability);
	assay_json_path_pop(&reader->path, saved);
	if (err == 0) {
		err = read_related(reader, set, match);
	}
	if (err == 0) {
		saved = assay_json_path_push_key(&reader->path, "artifact");
		err = read_artifact(reader, set->finding, artifact);
		assay_json_path_pop(&reader->path, saved);
	}
	if (err == 0) {
		err = cvss_set_flush(reader, set);
	}
	return err;
}

int grype_read_match(grype_reader *reader, const cJSON *match)
{
	assay_finding *finding = NULL;
	cvss_set set;
	int err = grype_expect_object(reader, match);

	if (err != 0) {
		return err;
	}
	finding = assay_finding_new(reader->ctx);
	if (finding == NULL) {
		return grype_nomem(reader);
	}
	finding->kind = ASSAY_KIND_VULNERABILITY;
	set.finding = finding;
	set.count = 0;

	err = read_match_parts(reader, &set, match);
	if (err == 0 && reader->target != NULL &&
	    assay_finding_set(reader->ctx, finding, ASSAY_FIELD_TARGET, reader->target) != 0) {
		err = grype_nomem(reader);
	}
	if (err != 0) {
		goto out;
	}

	/* assay_finding_add takes the finding on every path. */
	err = assay_finding_add(reader->ctx, finding);
	finding = NULL;
	if (err == ASSAY_ENOMEM) {
		err = grype_nomem(reader);
	} else if (err != 0) {
		err = assay_error(reader->ctx, err, "%s: the finding was rejected by the core",
				  reader->path.text);
	}

out:
	if (finding != NULL) {
		assay_finding_discard(reader->ctx, finding);
	}
	return err;
}
