/* SPDX-License-Identifier: Apache-2.0 */
/* One SARIF result to one finding: kind, severity, location, package data and suppressions. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

/* A uriBaseId chain longer than this loops or is hostile; real logs use one or two levels. */
#define BASE_ID_DEPTH_MAX 8

static const char *const result_kinds[] = {
    "notApplicable", "pass", "fail", "review", "open", "informational", NULL,
};
static const char *const levels[] = {"none", "note", "warning", "error", NULL};
static const char *const suppression_kinds[] = {"inSource", "external", NULL};
static const char *const suppression_statuses[] = {"accepted", "underReview", "rejected", NULL};

/* What the reader gathered from one result before it builds the finding. */
typedef struct {
	const cJSON *json;
	const char *kind; /* SARIF's result.kind, "fail" when absent */
	const char *level;
	sarif_component *component;
	sarif_rule *rule; /* NULL when the tool describes no rule */
	const char *rule_id;
	const cJSON *properties;
	const cJSON *tags;
	bool has_score;
	double score;
	char score_text[32];
	assay_cvss cvss;
	bool has_cvss;

	char *message;
	char *file;   /* resolved uri of the first location */
	char *target; /* analysisTarget or the run's only artifact, without a location */
	long long start_line;
	long long end_line;
	const char *resolution;
	bool suppressed_in_source;
	bool suppressed_external;

	assay_kind finding_kind;
	assay_severity severity;
	char raw_severity[64];
	sarif_package package;
} result_data;

static void result_dispose(result_data *res)
{
	free(res->message);
	free(res->file);
	free(res->target);
}

/* Read result.properties: tags, security-severity and CVSS scores. */
static int result_read_properties(sarif_reader *reader, result_data *res)
{
	size_t mark;
	int err = sarif_get_object(reader, res->json, "properties", &res->properties);

	if (err < 0 || res->properties == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "properties");
	err = sarif_get_array(reader, res->properties, "tags", &res->tags);
	if (err == 0 && res->tags != NULL) {
		size_t tags_mark = assay_json_path_push_key(&reader->path, "tags");

		err = sarif_check_strings(reader, res->tags);
		assay_json_path_pop(&reader->path, tags_mark);
	}
	if (err == 0) {
		err = sarif_get_score(reader, res->properties, "security-severity", &res->score,
				      res->score_text, sizeof(res->score_text), &res->has_score);
	}
	if (err == 0) {
		err = sarif_get_cvss(reader, res->properties, &res->cvss, &res->has_cvss);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Read the text of result.fixes[0].description, SARIF's proposed fix. */
static int result_read_fix(sarif_reader *reader, result_data *res)
{
	const cJSON *fixes = NULL;
	const cJSON *first;
	size_t mark;
	int err = sarif_get_array(reader, res->json, "fixes", &fixes);

	if (err < 0 || fixes == NULL || cJSON_GetArraySize(fixes) == 0) {
		return err;
	}
	first = cJSON_GetArrayItem(fixes, 0);
	mark = assay_json_path_push_key(&reader->path, "fixes");
	assay_json_path_push_index(&reader->path, 0);
	if (!cJSON_IsObject(first)) {
		err = sarif_type_error(reader, NULL, first, "an object");
	} else {
		err = sarif_get_text_of(reader, first, "description", &res->resolution);
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_resolve_uri(sarif_reader *reader, const char *uri, const char *base_id, char **out)
{
	sarif_buf buf = {0};
	assay_json_path saved = reader->path;
	int depth;
	int err = sarif_buf_add_str(&buf, uri);

	*out = NULL;
	for (depth = 0; err == 0 && base_id != NULL && !sarif_uri_is_absolute(buf.data); depth++) {
		const cJSON *entry = cJSON_GetObjectItemCaseSensitive(reader->base_ids, base_id);
		const char *base = NULL;
		sarif_buf joined = {0};

		if (entry == NULL || cJSON_IsNull(entry)) {
			break; /* an unknown base leaves the uri relative */
		}
		sarif_path_set(&reader->path, "runs");
		assay_json_path_push_index(&reader->path, reader->run_index);
		assay_json_path_push_key(&reader->path, "originalUriBaseIds");
		assay_json_path_push_key(&reader->path, base_id);
		if (depth >= BASE_ID_DEPTH_MAX) {
			err = sarif_value_error(reader, NULL,
						"the uriBaseId chain loops or is deeper than %d",
						BASE_ID_DEPTH_MAX);
			break;
		}
		if (!cJSON_IsObject(entry)) {
			err = sarif_type_error(reader, NULL, entry, "an object");
			break;
		}
		err = sarif_get_string(reader, entry, "uri", &base);
		if (err == 0) {
			err = sarif_get_string(reader, entry, "uriBaseId", &base_id);
		}
		if (err < 0 || base == NULL) {
			break;
		}

		err = sarif_buf_add_str(&joined, base);
		if (err == 0 && base[0] != '\0' && base[strlen(base) - 1] != '/') {
			err = sarif_buf_add(&joined, "/", 1);
		}
		if (err == 0) {
			err = sarif_buf_add_str(&joined, buf.data);
		}
		sarif_buf_dispose(&buf);
		buf = joined;
	}
	reader->path = saved;

	if (err == 0) {
		err = sarif_uri_to_path(out, buf.data);
	}
	sarif_buf_dispose(&buf);
	return err;
}

/* The run's artifact `index` (checked), with its location, for artifactLocation.index. */
static int artifact_location(sarif_reader *reader, long long index, const cJSON **out)
{
	const cJSON *artifact;
	assay_json_path saved;
	int err = 0;

	*out = NULL;
	if ((size_t)index >= reader->artifact_count) {
		return sarif_value_error(
		    reader, "index", "%lld is out of range: runs[%zu].artifacts has %zu element%s",
		    index, reader->run_index, reader->artifact_count,
		    reader->artifact_count == 1 ? "" : "s");
	}
	artifact = reader->artifacts[index];
	saved = reader->path;
	sarif_path_set(&reader->path, "runs");
	assay_json_path_push_index(&reader->path, reader->run_index);
	assay_json_path_push_key(&reader->path, "artifacts");
	assay_json_path_push_index(&reader->path, (size_t)index);
	if (!cJSON_IsObject(artifact)) {
		err = sarif_type_error(reader, NULL, artifact, "an object");
	} else {
		err = sarif_get_object(reader, artifact, "location", out);
	}
	reader->path = saved;
	return err;
}

/*
 * Resolve an artifactLocation (at the current path) to a path in *out, or
 * NULL. Without a uri, its index names an entry of run.artifacts.
 */
static int artifact_location_read(sarif_reader *reader, const cJSON *location, char **out)
{
	const char *uri = NULL;
	const char *base_id = NULL;
	long long index = -1;
	bool has_index = false;
	int err = sarif_get_string(reader, location, "uri", &uri);

	*out = NULL;
	if (err == 0) {
		err = sarif_get_string(reader, location, "uriBaseId", &base_id);
	}
	if (err == 0) {
		err =
		    sarif_get_integer(reader, location, "index", -1, INT32_MAX, &index, &has_index);
	}
	if (err == 0 && uri == NULL && has_index && index >= 0) {
		const cJSON *artifact = NULL;
		assay_json_path saved = reader->path;

		err = artifact_location(reader, index, &artifact);
		if (err == 0 && artifact != NULL) {
			sarif_path_set(&reader->path, "runs");
			assay_json_path_push_index(&reader->path, reader->run_index);
			assay_json_path_push_key(&reader->path, "artifacts");
			assay_json_path_push_index(&reader->path, (size_t)index);
			assay_json_path_push_key(&reader->path, "location");
			err = sarif_get_string(reader, artifact, "uri", &uri);
			if (err == 0) {
				err = sarif_get_string(reader, artifact, "uriBaseId", &base_id);
			}
		}
		reader->path = saved;
	}
	if (err < 0 || uri == NULL) {
		return err;
	}
	return sarif_resolve_uri(reader, uri, base_id, out);
}

/* Read physicalLocation (at the current path): the file and its lines. */
static int physical_location_read(sarif_reader *reader, result_data *res, const cJSON *physical)
{
	const cJSON *artifact = NULL;
	const cJSON *region = NULL;
	bool present = false;
	size_t mark;
	int err = sarif_get_object(reader, physical, "artifactLocation", &artifact);

	if (err == 0 && artifact != NULL) {
		mark = assay_json_path_push_key(&reader->path, "artifactLocation");
		err = artifact_location_read(reader, artifact, &res->file);
		assay_json_path_pop(&reader->path, mark);
	}
	if (err == 0) {
		err = sarif_get_object(reader, physical, "region", &region);
	}
	if (err < 0 || region == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "region");
	err =
	    sarif_get_integer(reader, region, "startLine", 1, INT_MAX, &res->start_line, &present);
	if (err == 0) {
		err = sarif_get_integer(reader, region, "endLine", 1, INT_MAX, &res->end_line,
					&present);
	}
	/* SARIF: a region's endLine defaults to its startLine */
	if (err == 0 && !present) {
		res->end_line = res->start_line;
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Without a location: the analysis target, or the run's only artifact. */
static int result_read_target(sarif_reader *reader, result_data *res)
{
	const cJSON *target = NULL;
	const cJSON *location = NULL;
	size_t mark;
	int err = sarif_get_object(reader, res->json, "analysisTarget", &target);

	if (err == 0 && target != NULL) {
		mark = assay_json_path_push_key(&reader->path, "analysisTarget");
		err = artifact_location_read(reader, target, &res->target);
		assay_json_path_pop(&reader->path, mark);
	}
	if (err < 0 || res->target != NULL || reader->artifact_count != 1) {
		return err;
	}
	err = artifact_location(reader, 0, &location);
	if (err == 0 && location != NULL) {
		assay_json_path saved = reader->path;

		sarif_path_set(&reader->path, "runs");
		assay_json_path_push_index(&reader->path, reader->run_index);
		assay_json_path_push_key(&reader->path, "artifacts[0].location");
		err = artifact_location_read(reader, location, &res->target);
		reader->path = saved;
	}
	return err;
}

/* Read the first of result.locations; SARIF puts the primary location first. */
static int result_read_location(sarif_reader *reader, result_data *res)
{
	const cJSON *locations = NULL;
	const cJSON *first;
	const cJSON *physical = NULL;
	size_t mark;
	int err = sarif_get_array(reader, res->json, "locations", &locations);

	if (err < 0) {
		return err;
	}
	first = cJSON_GetArrayItem(locations, 0);
	if (first != NULL) {
		mark = assay_json_path_push_key(&reader->path, "locations");
		assay_json_path_push_index(&reader->path, 0);
		if (!cJSON_IsObject(first)) {
			err = sarif_type_error(reader, NULL, first, "an object");
		} else {
			err = sarif_get_object(reader, first, "physicalLocation", &physical);
		}
		if (err == 0 && physical != NULL) {
			assay_json_path_push_key(&reader->path, "physicalLocation");
			err = physical_location_read(reader, res, physical);
		}
		assay_json_path_pop(&reader->path, mark);
	}
	if (err == 0 && res->file == NULL) {
		err = result_read_target(reader, res);
	}
	return err;
}

/* Read one suppression (at the current path) into *kind and *status. */
static int suppression_read(sarif_reader *reader, const cJSON *item, const char **kind,
			    const char **status)
{
	int err;

	*kind = NULL;
	*status = NULL;
	if (!cJSON_IsObject(item)) {
		return sarif_type_error(reader, NULL, item, "an object");
	}
	err = sarif_get_enum(reader, item, "kind", suppression_kinds, kind);
	if (err == 0 && *kind == NULL) {
		err = sarif_value_error(reader, "kind", "missing, expected inSource or external");
	}
	if (err == 0) {
		err = sarif_get_enum(reader, item, "status", suppression_statuses, status);
	}
	return err;
}

/*
 * A result is suppressed when its suppressions include one that is
 * accepted and none that is under review or rejected. SARIF gives no
 * default status; a suppression without one counts as accepted, since
 * producers such as old Grype releases write only its kind.
 */
static int result_read_suppressions(sarif_reader *reader, result_data *res)
{
	const cJSON *suppressions = NULL;
	const cJSON *item;
	bool in_source = false;
	bool external = false;
	bool contested = false;
	size_t index = 0;
	size_t mark;
	int err = sarif_get_array(reader, res->json, "suppressions", &suppressions);

	if (err < 0 || suppressions == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, "suppressions");
	cJSON_ArrayForEach(item, suppressions)
	{
		const char *kind = NULL;
		const char *status = NULL;
		size_t item_mark = assay_json_path_push_index(&reader->path, index);

		err = suppression_read(reader, item, &kind, &status);
		assay_json_path_pop(&reader->path, item_mark);
		if (err < 0) {
			break;
		}
		if (status != NULL && strcmp(status, "accepted") != 0) {
			contested = true;
		} else if (strcmp(kind, "inSource") == 0) {
			in_source = true;
		} else {
			external = true;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, mark);
	res->suppressed_in_source = err == 0 && !contested && in_source;
	res->suppressed_external = err == 0 && !contested && external;
	return err;
}

/* GitHub's bands for security-severity: 9.0 critical, 7.0 high, 4.0 medium, above 0 low. */
static assay_severity severity_of_score(double score)
{
	if (score >= 9.0) {
		return ASSAY_SEVERITY_CRITICAL;
	}
	if (score >= 7.0) {
		return ASSAY_SEVERITY_HIGH;
	}
	if (score >= 4.0) {
		return ASSAY_SEVERITY_MEDIUM;
	}
	if (score > 0.0) {
		return ASSAY_SEVERITY_LOW;
	}
	return ASSAY_SEVERITY_UNKNOWN;
}

/*
 * Set the severity from the security-severity of the result, else of its
 * rule. Without one, the SARIF level decides. A missing level is "none"
 * for results that are not failures, else the rule's default level, else
 * "warning".
 */
static void result_severity(result_data *res)
{
	const char *level = res->level;

	if (res->has_score || (res->rule != NULL && res->rule->has_score)) {
		double score = res->has_score ? res->score : res->rule->score;
		const char *text = res->has_score ? res->score_text : res->rule->score_text;

		res->severity = severity_of_score(score);
		snprintf(res->raw_severity, sizeof(res->raw_severity), "security-severity %s",
			 text);
		return;
	}

	if (level == NULL && strcmp(res->kind, "fail") != 0) {
		level = "none";
	}
	if (level == NULL && res->rule != NULL) {
		level = res->rule->default_level;
	}
	if (level == NULL) {
		level = "warning";
	}
	snprintf(res->raw_severity, sizeof(res->raw_severity), "%s", level);
	if (strcmp(level, "error") == 0) {
		res->severity = ASSAY_SEVERITY_HIGH;
	} else if (strcmp(level, "warning") == 0) {
		res->severity = ASSAY_SEVERITY_MEDIUM;
	} else if (strcmp(level, "note") == 0) {
		res->severity = ASSAY_SEVERITY_LOW;
	} else {
		res->severity = ASSAY_SEVERITY_UNKNOWN;
	}
}

/* Whether a tags array (checked to hold strings) has `word`, ignoring case. */
static bool has_tag(const cJSON *tags, const char *word)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, tags)
	{
		if (sarif_equal_nocase(item->valuestring, word)) {
			return true;
		}
	}
	return false;
}

static bool result_has_tag(const result_data *res, const char *word)
{
	return has_tag(res->tags, word) || (res->rule != NULL && has_tag(res->rule->tags, word));
}

/*
 * The kind of finding, from the most explicit sign to the weakest: a
 * "secret" tag or a secret-scanning tool; a "license" or
 * "misconfiguration" tag (Trivy labels each rule so); a "vulnerability"
 * tag, an id that is a CVE or GHSA id, or package data; else a rule
 * violation, which assay calls a misconfiguration.
 */
static assay_kind result_kind(const sarif_reader *reader, const result_data *res, const char *id)
{
	if (reader->secret_tool || result_has_tag(res, "secret") ||
	    result_has_tag(res, "secrets")) {
		return ASSAY_KIND_SECRET;
	}
	if (result_has_tag(res, "license")) {
		return ASSAY_KIND_LICENSE;
	}
	if (result_has_tag(res, "misconfiguration")) {
		return ASSAY_KIND_MISCONFIGURATION;
	}
	if (result_has_tag(res, "vulnerability") || sarif_advisory_id_len(id) > 0 ||
	    res->package.name != NULL || (res->rule != NULL && res->rule->purl != NULL)) {
		return ASSAY_KIND_VULNERABILITY;
	}
	return ASSAY_KIND_MISCONFIGURATION;
}

/* Append the strings of a tags array that `buf` does not list yet, comma-separated. */
static int tags_join(sarif_buf *buf, const cJSON *tags, const cJSON *seen)
{
	const cJSON *item;
	int err = 0;

	cJSON_ArrayForEach(item, tags)
	{
		if (err == 0 && item->valuestring[0] != '\0' && !has_tag(seen, item->valuestring)) {
			if (buf->len > 0) {
				err = sarif_buf_add(buf, ", ", 2);
			}
			if (err == 0) {
				err = sarif_buf_add_str(buf, item->valuestring);
			}
		}
	}
	return err;
}

/* category: the license class Trivy names, else the rule's tags and then the result's. */
static int finding_set_category(sarif_reader *reader, assay_finding *finding,
				const result_data *res)
{
	const cJSON *rule_tags = res->rule != NULL ? res->rule->tags : NULL;
	sarif_buf buf = {0};
	int err;

	if (finding->kind == ASSAY_KIND_LICENSE && res->package.license_class != NULL) {
		return assay_finding_set_len(reader->ctx, finding, ASSAY_FIELD_CATEGORY,
					     res->package.license_class,
					     res->package.license_class_len);
	}
	err = tags_join(&buf, rule_tags, NULL);
	if (err == 0) {
		err = tags_join(&buf, res->tags, rule_tags);
	}
	if (err == 0 && buf.data != NULL) {
		err = assay_finding_set(reader->ctx, finding, ASSAY_FIELD_CATEGORY, buf.data);
	}
	sarif_buf_dispose(&buf);
	return err;
}

/* Append each version of a comma-separated list ("1.2.1,2.1.3" or "2.3.1, 3.0.0"). */
static int finding_add_fixed(sarif_reader *reader, assay_finding *finding, const char *list,
			     size_t len)
{
	size_t start = 0;
	int err = 0;

	while (start < len && err == 0) {
		size_t end = start;
		size_t trimmed_end;
		char version[256];

		while (end < len && list[end] != ',') {
			end++;
		}
		trimmed_end = end;
		while (start < trimmed_end && list[start] == ' ') {
			start++;
		}
		while (trimmed_end > start && list[trimmed_end - 1] == ' ') {
			trimmed_end--;
		}
		if (trimmed_end > start && trimmed_end - start < sizeof(version)) {
			memcpy(version, list + start, trimmed_end - start);
			version[trimmed_end - start] = '\0';
			err = assay_finding_append(reader->ctx, finding, ASSAY_LIST_FIXED_VERSIONS,
						   version);
		}
		start = end + 1;
	}
	return err;
}

/* Package fields of vulnerabilities; licenses keep only the package name. */
static int finding_set_package(sarif_reader *reader, assay_finding *finding, const result_data *res)
{
	const sarif_package *pkg = &res->package;
	assay_ctx *ctx = reader->ctx;
	int err = 0;

	if (pkg->name != NULL &&
	    (finding->kind == ASSAY_KIND_VULNERABILITY || finding->kind == ASSAY_KIND_LICENSE)) {
		err = assay_finding_set_len(ctx, finding, ASSAY_FIELD_PKG_NAME, pkg->name,
					    pkg->name_len);
	}
	if (finding->kind != ASSAY_KIND_VULNERABILITY || err < 0) {
		return err;
	}
	if (pkg->version != NULL && pkg->version_len > 0) {
		err = assay_finding_set_len(ctx, finding, ASSAY_FIELD_PKG_VERSION, pkg->version,
					    pkg->version_len);
	}
	if (err == 0 && pkg->type != NULL && pkg->type_len > 0) {
		err = assay_finding_set_len(ctx, finding, ASSAY_FIELD_PKG_TYPE, pkg->type,
					    pkg->type_len);
	}
	if (err == 0 && pkg->path != NULL && pkg->path_len > 0) {
		err = assay_finding_set_len(ctx, finding, ASSAY_FIELD_PKG_PATH, pkg->path,
					    pkg->path_len);
	}
	if (err == 0 && res->rule != NULL && res->rule->purl != NULL) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_PURL, res->rule->purl);
	}
	if (err == 0 && pkg->fixed != NULL) {
		err = finding_add_fixed(reader, finding, pkg->fixed, pkg->fixed_len);
	}
	if (finding->fixed_versions.count > 0) {
		finding->fix_state = ASSAY_FIX_FIXED;
	} else if (pkg->fixed_known) {
		finding->fix_state = ASSAY_FIX_NOT_FIXED;
	}
	return err;
}

/*
 * The id, and for vulnerabilities whose id is an advisory id followed by
 * more (Grype's "CVE-2021-3711-openssl"), the advisory id alone, with the
 * whole rule id kept as an alias.
 */
static int finding_set_id(sarif_reader *reader, assay_finding *finding, const char *id)
{
	size_t len = sarif_advisory_id_len(id);
	int err;

	if (finding->kind != ASSAY_KIND_VULNERABILITY || len == 0 || id[len] == '\0') {
		return assay_finding_set(reader->ctx, finding, ASSAY_FIELD_ID, id);
	}
	err = assay_finding_set_len(reader->ctx, finding, ASSAY_FIELD_ID, id, len);
	if (err == 0) {
		err = assay_finding_append(reader->ctx, finding, ASSAY_LIST_ALIASES, id);
	}
	return err;
}

/* Text fields that come from the rule and the result as they are. */
static int finding_set_text(sarif_reader *reader, assay_finding *finding, const result_data *res)
{
	assay_ctx *ctx = reader->ctx;
	const sarif_rule *rule = res->rule;
	const char *target = res->file != NULL ? res->file : res->target;
	int err = assay_finding_set(ctx, finding, ASSAY_FIELD_RAW_SEVERITY, res->raw_severity);

	if (err == 0 && rule != NULL) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_TITLE, rule->title);
	}
	if (err == 0 && rule != NULL) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_DESCRIPTION, rule->description);
	}
	if (err == 0 && rule != NULL) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_PRIMARY_URL, rule->help_uri);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_MESSAGE, res->message);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_RESOLUTION, res->resolution);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_FILE, res->file);
	}
	if (err == 0 && target != NULL) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_TARGET, target);
	}
	return err;
}

/* Fill a new finding from everything read of the result. */
static int finding_fill(sarif_reader *reader, assay_finding *finding, const result_data *res,
			const char *id)
{
	const assay_cvss *cvss = NULL;
	int err = finding_set_id(reader, finding, id);

	finding->severity = res->severity;
	finding->start_line = (int)res->start_line;
	finding->end_line = (int)res->end_line;
	if (err == 0) {
		err = finding_set_text(reader, finding, res);
	}
	if (err == 0) {
		err = finding_set_category(reader, finding, res);
	}
	if (err == 0) {
		err = finding_set_package(reader, finding, res);
	}
	if (err == 0) {
		err = sarif_add_cwes(reader, finding, res->rule, res->json, res->properties);
	}
	if (res->has_cvss) {
		cvss = &res->cvss;
	} else if (res->rule != NULL && res->rule->has_cvss) {
		cvss = &res->rule->cvss;
	}
	if (err == 0 && cvss != NULL) {
		assay_cvss copy = *cvss;

		copy.source = reader->cvss_source;
		err = assay_finding_add_cvss(reader->ctx, finding, &copy);
	}
	if (err == 0 && res->suppressed_in_source) {
		err = assay_finding_append(reader->ctx, finding, ASSAY_LIST_TAGS,
					   "suppressed-in-source");
	}
	if (err == 0 && res->suppressed_external) {
		err = assay_finding_append(reader->ctx, finding, ASSAY_LIST_TAGS,
					   "suppressed-external");
	}
	return err;
}

/* Read what decides whether the result is a finding and what it is about. */
static int result_read_head(sarif_reader *reader, result_data *res, bool *skip)
{
	int err;

	*skip = false;
	if (!cJSON_IsObject(res->json)) {
		return sarif_type_error(reader, NULL, res->json, "an object");
	}
	err = sarif_get_enum(reader, res->json, "kind", result_kinds, &res->kind);
	if (err < 0) {
		return err;
	}
	if (res->kind == NULL) {
		res->kind = "fail";
	}
	/* these kinds report that a rule held or did not apply: not problems */
	if (strcmp(res->kind, "pass") == 0 || strcmp(res->kind, "notApplicable") == 0 ||
	    strcmp(res->kind, "informational") == 0) {
		*skip = true;
		return 0;
	}
	err = sarif_get_enum(reader, res->json, "level", levels, &res->level);
	if (err == 0) {
		err =
		    sarif_rule_find(reader, res->json, &res->component, &res->rule, &res->rule_id);
	}
	if (err == 0) {
		err = result_read_properties(reader, res);
	}
	return err;
}

/* Read the rest of the result: message, location, fix and suppressions. */
static int result_read_body(sarif_reader *reader, result_data *res)
{
	int err = sarif_result_message(reader, res->json, res->component, res->rule, &res->message);

	if (err == 0) {
		err = result_read_location(reader, res);
	}
	if (err == 0) {
		err = result_read_fix(reader, res);
	}
	if (err == 0) {
		err = result_read_suppressions(reader, res);
	}
	return err;
}

int sarif_result_read(sarif_reader *reader, const cJSON *result)
{
	result_data res;
	assay_finding *finding = NULL;
	const char *id;
	bool skip = false;
	int err;

	memset(&res, 0, sizeof(res));
	res.json = result;
	err = result_read_head(reader, &res, &skip);
	if (err < 0 || skip) {
		goto out;
	}
	err = result_read_body(reader, &res);
	if (err < 0) {
		goto out;
	}

	sarif_package_parse(&res.package, res.message,
			    res.rule != NULL ? res.rule->help_text : NULL);
	/* a result without any rule id is identified by the tool that reported it */
	id = res.rule_id;
	if (id == NULL && res.rule != NULL) {
		id = res.rule->id;
	}
	if (id == NULL) {
		id = reader->tool_name;
	}
	res.finding_kind = result_kind(reader, &res, id);
	result_severity(&res);

	finding = assay_finding_new(reader->ctx);
	if (finding == NULL) {
		err = ASSAY_ENOMEM;
		goto out;
	}
	finding->kind = res.finding_kind;
	err = finding_fill(reader, finding, &res, id);
	if (err < 0) {
		assay_finding_discard(reader->ctx, finding);
		goto out;
	}
	err = assay_finding_add(reader->ctx, finding);

out:
	result_dispose(&res);
	return err;
}
