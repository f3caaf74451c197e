/* SPDX-License-Identifier: Apache-2.0 */
/* Reader of the Clair v4 VulnerabilityReport (GET /matcher/api/v1/vulnerability_report/{digest}).
 */
#include <string.h>

#include "clair.h"

/* Media type of the enrichments that map vulnerability ids to NVD CVSS v3 data. */
#define CLAIR_VULN_MAP_TYPE "message/vnd.clair.map.vulnerability"
#define CLAIR_CVSS_ENRICHER "enricher=clair.cvss"

/* The report's id-keyed objects, indexed once so each lookup is constant time. */
typedef struct {
	clair_reader *reader;
	clair_map packages;	   /* package id → package object */
	clair_map vulnerabilities; /* vulnerability id → vulnerability object */
	clair_map environments;	   /* package id → its first environment object */
	clair_map cvss;		   /* vulnerability id → list of CVSS objects */
} clair_v4;

/* Point the reader's path at `section.key`, the home of a package or vulnerability. */
static void point_at(clair_reader *reader, const char *section, const char *key)
{
	assay_json_path_pop(&reader->path, 0);
	clair_path_key(reader, section);
	clair_path_key(reader, key);
}

/* Index every member of the object `key` of `root`, each of which must be an object. */
static int index_objects(clair_reader *reader, const cJSON *root, const char *key, clair_map *map)
{
	const cJSON *object = NULL;
	const cJSON *member = NULL;
	int err = assay_json_get_object(reader->ctx, &reader->path, root, key, &object);

	if (!err) {
		err = clair_map_init(map, object ? (size_t)cJSON_GetArraySize(object) : 0);
		if (err) {
			return clair_nomem(reader);
		}
	}
	if (err || !object) {
		return err;
	}
	cJSON_ArrayForEach(member, object)
	{
		if (!cJSON_IsObject(member)) {
			point_at(reader, key, member->string);
			return clair_type_error(reader, NULL, member, "an object");
		}
		err = clair_map_put(map, member->string, member);
		if (err) {
			return clair_nomem(reader);
		}
	}
	return 0;
}

/* Index the first environment of each package: where it was found and in which layer. */
static int index_environments(clair_v4 *report, const cJSON *root)
{
	clair_reader *reader = report->reader;
	const cJSON *object = NULL;
	const cJSON *member = NULL;
	const cJSON *first = NULL;
	int err = assay_json_get_object(reader->ctx, &reader->path, root, "environments", &object);

	if (!err) {
		err = clair_map_init(&report->environments,
				     object ? (size_t)cJSON_GetArraySize(object) : 0);
		if (err) {
			return clair_nomem(reader);
		}
	}
	if (err || !object) {
		return err;
	}
	cJSON_ArrayForEach(member, object)
	{
		if (cJSON_IsNull(member)) {
			continue;
		}
		point_at(reader, "environments", member->string);
		if (!cJSON_IsArray(member)) {
			return clair_type_error(reader, NULL, member, "a list");
		}
		first = cJSON_GetArrayItem(member, 0);
		if (first && !cJSON_IsObject(first)) {
			assay_json_path_push_index(&reader->path, 0);
			return clair_type_error(reader, NULL, first, "an object");
		}
		if (first && clair_map_put(&report->environments, member->string, first) != 0) {
			return clair_nomem(reader);
		}
	}
	assay_json_path_pop(&reader->path, 0);
	return 0;
}

/* Check the fields of one CVSS object that the reader uses. */
static int check_cvss_entry(clair_reader *reader, const cJSON *entry)
{
	const char *text = NULL;
	double score = 0;
	bool present = false;
	int err = 0;

	if (!cJSON_IsObject(entry)) {
		return clair_type_error(reader, NULL, entry, "an object");
	}
	err = assay_json_get_string(reader->ctx, &reader->path, entry, "baseSeverity", &text);
	if (!err) {
		err =
		    assay_json_get_string(reader->ctx, &reader->path, entry, "vectorString", &text);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, entry, "version", &text);
	}
	if (!err) {
		err = assay_json_get_number(reader->ctx, &reader->path, entry, "baseScore", &score,
					    &present);
	}
	return err;
}

/* One element of a CVSS enrichment: an object from vulnerability id to CVSS objects. */
static int index_cvss_block(clair_v4 *report, const cJSON *block)
{
	clair_reader *reader = report->reader;
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	size_t index = 0;
	int err = 0;

	if (!cJSON_IsObject(block)) {
		return clair_type_error(reader, NULL, block, "an object");
	}
	cJSON_ArrayForEach(list, block)
	{
		size_t mark = clair_path_key(reader, list->string);

		if (!cJSON_IsArray(list) && !cJSON_IsNull(list)) {
			return clair_type_error(reader, NULL, list, "a list");
		}
		index = 0;
		cJSON_ArrayForEach(entry, list)
		{
			size_t inner = assay_json_path_push_index(&reader->path, index++);

			err = check_cvss_entry(reader, entry);
			if (err) {
				return err;
			}
			assay_json_path_pop(&reader->path, inner);
		}
		if (cJSON_IsArray(list) && clair_map_put(&report->cvss, list->string, list) != 0) {
			return clair_nomem(reader);
		}
		assay_json_path_pop(&reader->path, mark);
	}
	return 0;
}

static bool is_cvss_enrichment(const char *media_type)
{
	return strncmp(media_type, CLAIR_VULN_MAP_TYPE, strlen(CLAIR_VULN_MAP_TYPE)) == 0 &&
	       strstr(media_type, CLAIR_CVSS_ENRICHER) != NULL;
}

/*
 * Index the CVSS enrichments ("message/vnd.clair.map.vulnerability;
 * enricher=clair.cvss …": a list of objects from vulnerability id to
 * NVD CVSS objects). Enrichments of other kinds are skipped unread.
 */
static int index_enrichments(clair_v4 *report, const cJSON *root)
{
	clair_reader *reader = report->reader;
	const cJSON *object = NULL;
	const cJSON *member = NULL;
	const cJSON *block = NULL;
	size_t expected = 0;
	size_t index = 0;
	int err = assay_json_get_object(reader->ctx, &reader->path, root, "enrichments", &object);

	cJSON_ArrayForEach(member, object)
	{
		cJSON_ArrayForEach(block, member)
		{
			expected += (size_t)cJSON_GetArraySize(block);
		}
	}
	if (!err && clair_map_init(&report->cvss, expected) != 0) {
		return clair_nomem(reader);
	}
	if (err || !object) {
		return err;
	}
	cJSON_ArrayForEach(member, object)
	{
		if (!is_cvss_enrichment(member->string) || cJSON_IsNull(member)) {
			continue;
		}
		point_at(reader, "enrichments", member->string);
		if (!cJSON_IsArray(member)) {
			return clair_type_error(reader, NULL, member, "a list");
		}
		index = 0;
		cJSON_ArrayForEach(block, member)
		{
			size_t mark = assay_json_path_push_index(&reader->path, index++);

			err = index_cvss_block(report, block);
			if (err) {
				return err;
			}
			assay_json_path_pop(&reader->path, mark);
		}
	}
	assay_json_path_pop(&reader->path, 0);
	return 0;
}

/* The CVSS object of `vuln_id` with the highest severity, then score; NULL when none. */
static const cJSON *best_cvss(const clair_v4 *report, const char *vuln_id)
{
	const cJSON *list = clair_map_get(&report->cvss, vuln_id);
	const cJSON *entry = NULL;
	const cJSON *best = NULL;
	assay_severity best_severity = ASSAY_SEVERITY_UNKNOWN;
	double best_score = -1;

	cJSON_ArrayForEach(entry, list)
	{
		const cJSON *word = cJSON_GetObjectItemCaseSensitive(entry, "baseSeverity");
		const cJSON *score = cJSON_GetObjectItemCaseSensitive(entry, "baseScore");
		assay_severity severity = clair_severity(cJSON_GetStringValue(word));
		double value = cJSON_IsNumber(score) ? score->valuedouble : -1;

		if (!best || severity > best_severity ||
		    (severity == best_severity && value > best_score)) {
			best = entry;
			best_severity = severity;
			best_score = value;
		}
	}
	return best;
}

/* Add one NVD CVSS object (checked by check_cvss_entry) as source "nvd". */
static int add_cvss(clair_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(entry, "baseScore");
	const char *vector =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "vectorString"));
	const char *version =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "version"));
	double value = cJSON_IsNumber(score) ? score->valuedouble : -1;
	assay_cvss cvss = {.source = "nvd", .v2_score = -1, .v3_score = -1, .v4_score = -1};

	if (version && version[0] == '2') {
		cvss.v2_score = value;
		cvss.v2_vector = vector;
	} else if (version && version[0] == '4') {
		cvss.v4_score = value;
		cvss.v4_vector = vector;
	} else {
		cvss.v3_score = value;
		cvss.v3_vector = vector;
	}
	if (assay_finding_add_cvss(reader->ctx, finding, &cvss) != 0) {
		return clair_nomem(reader);
	}
	return 0;
}

/*
 * Severity from `normalized_severity`. Where that is Unknown and a CVSS
 * enrichment covers the vulnerability, the highest NVD base severity
 * among its CVSS objects is used instead (an advisory may cover several
 * CVEs). raw_severity is the distribution's word (`severity`), or the
 * normalized one when the distribution gives none.
 */
static int set_severity(clair_v4 *report, assay_finding *finding, const cJSON *vuln,
			const char *vuln_id)
{
	clair_reader *reader = report->reader;
	const char *severity = NULL;
	const char *normalized = NULL;
	const cJSON *cvss = best_cvss(report, vuln_id);
	int err = assay_json_get_string(reader->ctx, &reader->path, vuln, "severity", &severity);

	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, vuln, "normalized_severity",
					    &normalized);
	}
	if (err) {
		return err;
	}
	finding->severity = clair_severity(normalized);
	if (finding->severity == ASSAY_SEVERITY_UNKNOWN && cvss) {
		finding->severity = clair_severity(
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cvss, "baseSeverity")));
	}
	if (assay_finding_set(reader->ctx, finding, ASSAY_FIELD_RAW_SEVERITY,
			      severity ? severity : normalized) != 0) {
		return clair_nomem(reader);
	}
	return cvss ? add_cvss(reader, finding, cvss) : 0;
}

static bool is_lower_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Package type from an environment's `package_db`. Language packages
 * carry a scheme ("python:usr/lib/python3.8/site-packages",
 * "go:usr/bin/clairctl"), whose rest becomes `*path`; bdb:, sqlite: and
 * ndb: name formats of the RPM database instead. OS databases are known
 * by their file. NULL when unknown.
 */
static const char *package_db_type(const char *db, const char **path)
{
	static const char *const rpm_formats[] = {"bdb", "sqlite", "ndb"};
	static const struct {
		const char *scheme;
		const char *type;
	} languages[] = {
	    {"python", "pypi"}, {"go", "gomod"},  {"ruby", "gem"},
	    {"nodejs", "npm"},	{"maven", "jar"}, {"java", "jar"},
	};
	size_t len = 0;
	size_t i;
	bool rpm_format = false;

	*path = NULL;
	while (is_lower_letter(db[len])) {
		len++;
	}
	for (i = 0; i < sizeof(rpm_formats) / sizeof(*rpm_formats); i++) {
		rpm_format = rpm_format || (strlen(rpm_formats[i]) == len &&
					    strncmp(db, rpm_formats[i], len) == 0);
	}
	if (len > 0 && db[len] == ':' && !rpm_format) {
		*path = db + len + 1;
		for (i = 0; i < sizeof(languages) / sizeof(*languages); i++) {
			if (strlen(languages[i].scheme) == len &&
			    strncmp(db, languages[i].scheme, len) == 0) {
				return languages[i].type;
			}
		}
		return NULL;
	}
	if (strstr(db, "var/lib/dpkg")) {
		return "deb";
	}
	if (strstr(db, "var/lib/rpm") || strstr(db, "usr/lib/sysimage/rpm") ||
	    strstr(db, "rpmdb")) {
		return "rpm";
	}
	return strstr(db, "lib/apk/db") ? "apk" : NULL;
}

/* Package name, version, type and place, and the layer that added it. */
static int set_package(clair_v4 *report, assay_finding *finding, const char *pkg_id,
		       const cJSON *package)
{
	clair_reader *reader = report->reader;
	const cJSON *environment = clair_map_get(&report->environments, pkg_id);
	const char *name = NULL;
	const char *version = NULL;
	const char *filepath = NULL;
	const char *db = NULL;
	const char *layer = NULL;
	const char *db_path = NULL;
	const char *type = NULL;
	int err = 0;

	point_at(reader, "packages", pkg_id);
	err = assay_json_get_string(reader->ctx, &reader->path, package, "name", &name);
	if (!err) {
		err =
		    assay_json_get_string(reader->ctx, &reader->path, package, "version", &version);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, package, "filepath",
					    &filepath);
	}
	if (!err && environment) {
		point_at(reader, "environments", pkg_id);
		assay_json_path_push_index(&reader->path, 0);
		err = assay_json_get_string(reader->ctx, &reader->path, environment, "package_db",
					    &db);
		if (!err) {
			err = assay_json_get_string(reader->ctx, &reader->path, environment,
						    "introduced_in", &layer);
		}
	}
	if (err) {
		return err;
	}

	type = db ? package_db_type(db, &db_path) : NULL;
	err |= assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_NAME, name);
	err |= assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_VERSION, version);
	err |= assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_TYPE, type);
	err |= assay_finding_set(reader->ctx, finding, ASSAY_FIELD_PKG_PATH,
				 filepath ? filepath : db_path);
	err |= assay_finding_set(reader->ctx, finding, ASSAY_FIELD_LAYER, layer);
	return err ? clair_nomem(reader) : 0;
}

/*
 * Go's zero time, which Clair writes for advisories without a date: year
 * 0001 in UTC, or 0000 once shifted into a zone west of UTC.
 */
static bool is_zero_time(const char *date)
{
	return date && (strncmp(date, "0000-", 5) == 0 || strncmp(date, "0001-01-01", 10) == 0);
}

/*
 * Fix state for an empty fixed_in_version. Only a distribution's tracker
 * states that no fix is released yet. Language advisories (pyup, OSV)
 * keep their fix in an affected range ("<3.3.2") that Clair leaves out
 * of fixed_in_version, so for them the state is unknown.
 */
static int unfixed_state(clair_reader *reader, const cJSON *vuln, assay_fix_state *out)
{
	const cJSON *distribution = NULL;
	const char *did = NULL;
	size_t mark = reader->path.len;
	int err =
	    assay_json_get_object(reader->ctx, &reader->path, vuln, "distribution", &distribution);

	if (!err && distribution) {
		clair_path_key(reader, "distribution");
		err = assay_json_get_string(reader->ctx, &reader->path, distribution, "did", &did);
		assay_json_path_pop(&reader->path, mark);
	}
	*out = did ? ASSAY_FIX_NOT_FIXED : ASSAY_FIX_UNKNOWN;
	return err;
}

/* The vulnerability's own fields: identity, text, links, fix and severity. */
static int set_vulnerability(clair_v4 *report, assay_finding *finding, const char *vuln_id,
			     const cJSON *vuln)
{
	enum { NAME, LINKS, DESCRIPTION, ISSUED, FIXED, COUNT };
	static const char *const keys[COUNT] = {"name", "links", "description", "issued",
						"fixed_in_version"};
	clair_reader *reader = report->reader;
	const char *values[COUNT] = {NULL};
	assay_fix_state unfixed = ASSAY_FIX_UNKNOWN;
	assay_ctx *ctx = reader->ctx;
	size_t i;
	int err = 0;

	point_at(reader, "vulnerabilities", vuln_id);
	for (i = 0; i < COUNT && !err; i++) {
		err = assay_json_get_string(reader->ctx, &reader->path, vuln, keys[i], &values[i]);
	}
	if (!err && !values[NAME]) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "%s.name: missing; every Clair vulnerability needs its name",
				   assay_json_path_text(&reader->path));
	}
	if (!err) {
		err = unfixed_state(reader, vuln, &unfixed);
	}
	if (err) {
		return err;
	}
	if (is_zero_time(values[ISSUED])) {
		values[ISSUED] = NULL;
	}
	if (clair_set_identity(ctx, finding, values[NAME], values[LINKS], values[DESCRIPTION]) ||
	    clair_set_links(ctx, finding, values[LINKS]) != 0 ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_DESCRIPTION, values[DESCRIPTION]) ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_PUBLISHED, values[ISSUED]) != 0 ||
	    clair_set_fix(ctx, finding, values[FIXED], unfixed) != 0) {
		return clair_nomem(reader);
	}
	return set_severity(report, finding, vuln, vuln_id);
}

/* One (package, vulnerability) pair of package_vulnerabilities: one finding. */
static int add_match(clair_v4 *report, const char *pkg_id, const cJSON *package,
		     const char *vuln_id, const cJSON *vuln)
{
	assay_finding *finding = assay_finding_new(report->reader->ctx);
	int err = 0;

	if (!finding) {
		return clair_nomem(report->reader);
	}
	finding->kind = ASSAY_KIND_VULNERABILITY;
	err = set_vulnerability(report, finding, vuln_id, vuln);
	if (!err) {
		err = set_package(report, finding, pkg_id, package);
	}
	if (err) {
		assay_finding_discard(report->reader->ctx, finding);
		return err;
	}
	return assay_finding_add(report->reader->ctx, finding);
}

/* The vulnerability ids listed for one package. */
static int read_package_matches(clair_v4 *report, const cJSON *list)
{
	clair_reader *reader = report->reader;
	const char *pkg_id = list->string;
	const cJSON *package = clair_map_get(&report->packages, pkg_id);
	const cJSON *item = NULL;
	const cJSON *vuln = NULL;
	size_t index = 0;
	int err = 0;

	cJSON_ArrayForEach(item, list)
	{
		point_at(reader, "package_vulnerabilities", pkg_id);
		if (!package) {
			return assay_error(reader->ctx, ASSAY_EPARSE,
					   "%s: package \"%s\" is missing from packages",
					   assay_json_path_text(&reader->path), pkg_id);
		}
		assay_json_path_push_index(&reader->path, index++);
		if (!cJSON_IsString(item) || !item->valuestring) {
			return clair_type_error(reader, NULL, item, "a string");
		}
		vuln = clair_map_get(&report->vulnerabilities, item->valuestring);
		if (!vuln) {
			return assay_error(
			    reader->ctx, ASSAY_EPARSE,
			    "%s: vulnerability \"%s\" is missing from vulnerabilities",
			    assay_json_path_text(&reader->path), item->valuestring);
		}
		err = add_match(report, pkg_id, package, item->valuestring, vuln);
		if (err) {
			return err;
		}
	}
	return 0;
}

static int read_matches(clair_v4 *report, const cJSON *root)
{
	clair_reader *reader = report->reader;
	const cJSON *matches = NULL;
	const cJSON *list = NULL;
	int err = assay_json_get_object(reader->ctx, &reader->path, root, "package_vulnerabilities",
					&matches);

	if (err) {
		return err;
	}
	cJSON_ArrayForEach(list, matches)
	{
		if (cJSON_IsNull(list)) {
			continue;
		}
		if (!cJSON_IsArray(list)) {
			point_at(reader, "package_vulnerabilities", list->string);
			return clair_type_error(reader, NULL, list, "a list");
		}
		err = read_package_matches(report, list);
		if (err) {
			return err;
		}
	}
	return 0;
}

/* The OS of the first distribution: `did` ("debian") and `version_id` ("10"). */
static int read_distribution(clair_v4 *report, const cJSON *root, const char **family,
			     const char **name)
{
	clair_reader *reader = report->reader;
	const cJSON *distributions = NULL;
	const cJSON *first = NULL;
	int err = assay_json_get_object(reader->ctx, &reader->path, root, "distributions",
					&distributions);

	*family = NULL;
	*name = NULL;
	first = distributions ? distributions->child : NULL;
	if (err || !first) {
		return err;
	}
	point_at(reader, "distributions", first->string);
	if (!cJSON_IsObject(first)) {
		return clair_type_error(reader, NULL, first, "an object");
	}
	err = assay_json_get_string(reader->ctx, &reader->path, first, "did", family);
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, first, "version_id", name);
	}
	if (!err && !*name) {
		err = assay_json_get_string(reader->ctx, &reader->path, first, "version", name);
	}
	assay_json_path_pop(&reader->path, 0);
	return err;
}

/* The image is named by its manifest digest: the report names nothing else. */
static int declare_image(clair_v4 *report, const cJSON *root)
{
	clair_reader *reader = report->reader;
	const char *hash = NULL;
	const char *family = NULL;
	const char *name = NULL;
	assay_image *image = NULL;
	int err = assay_json_get_string(reader->ctx, &reader->path, root, "manifest_hash", &hash);

	if (!err) {
		err = read_distribution(report, root, &family, &name);
	}
	if (err || !hash) {
		return err;
	}
	image = assay_image_declare(reader->ctx, hash, NULL);
	if (!image) {
		return clair_nomem(reader);
	}
	if ((!image->artifact_type && assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE,
						      "container_image") != 0) ||
	    (family && !image->os_family &&
	     (assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_FAMILY, family) != 0 ||
	      assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_NAME, name) != 0))) {
		return clair_nomem(reader);
	}
	return 0;
}

int clair_read_v4(clair_reader *reader, const cJSON *root)
{
	clair_v4 report;
	int err = 0;

	memset(&report, 0, sizeof(report));
	report.reader = reader;
	err = declare_image(&report, root);
	if (!err) {
		err = index_objects(reader, root, "packages", &report.packages);
	}
	if (!err) {
		err = index_objects(reader, root, "vulnerabilities", &report.vulnerabilities);
	}
	if (!err) {
		err = index_environments(&report, root);
	}
	if (!err) {
		err = index_enrichments(&report, root);
	}
	if (!err) {
		err = read_matches(&report, root);
	}
	clair_map_dispose(&report.packages);
	clair_map_dispose(&report.vulnerabilities);
	clair_map_dispose(&report.environments);
	clair_map_dispose(&report.cvss);
	return err;
}
