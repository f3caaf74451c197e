/* SPDX-License-Identifier: Apache-2.0 */
/* Turns the entries of a Trivy Results list into vulnerability, misconfiguration, secret and
 * license findings. */
#include "trivy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the findings of one Results entry share. */
typedef struct {
	const char *target; /* Result.Target, NULL when empty */
	const char *type;   /* Result.Type: alpine, npm, dockerfile … */
	bool os_packages;   /* Class os-pkgs, or an OS Type in a list without Class */
} result_info;

/* A JSON key copied into a string field of a finding. */
typedef struct {
	const char *key;
	assay_field field;
} field_map;

/* A JSON list of strings appended to a list field of a finding. */
typedef struct {
	const char *key;
	assay_list list;
} list_map;

typedef int (*entry_reader)(trivy_reader *reader, const result_info *info, const cJSON *entry);

static const field_map vulnerability_fields[] = {
    {"PkgName", ASSAY_FIELD_PKG_NAME},
    {"InstalledVersion", ASSAY_FIELD_PKG_VERSION},
    {"Title", ASSAY_FIELD_TITLE},
    {"Description", ASSAY_FIELD_DESCRIPTION},
    {"PrimaryURL", ASSAY_FIELD_PRIMARY_URL},
    {"PublishedDate", ASSAY_FIELD_PUBLISHED},
};

static const list_map vulnerability_lists[] = {
    {"References", ASSAY_LIST_URLS},
    {"CweIDs", ASSAY_LIST_CWES},
};

static const field_map misconfiguration_fields[] = {
    {"Title", ASSAY_FIELD_TITLE},
    {"Message", ASSAY_FIELD_MESSAGE},
    {"Description", ASSAY_FIELD_DESCRIPTION},
    {"Resolution", ASSAY_FIELD_RESOLUTION},
    {"Type", ASSAY_FIELD_CATEGORY},
    {"PrimaryURL", ASSAY_FIELD_PRIMARY_URL},
};

/* Only these keys of a secret are read, because Match and Code contain the secret itself. */
static const field_map secret_fields[] = {
    {"Category", ASSAY_FIELD_CATEGORY},
    {"Title", ASSAY_FIELD_TITLE},
};

static const field_map license_fields[] = {
    {"PkgName", ASSAY_FIELD_PKG_NAME},
    {"FilePath", ASSAY_FIELD_FILE},
    {"Category", ASSAY_FIELD_CATEGORY},
    {"Link", ASSAY_FIELD_PRIMARY_URL},
};

/*
 * Result.Type values of OS package results. They are needed only for
 * entries without a Class, as in the list format from before SchemaVersion
 * 2; later OS types are listed too, in case such a list comes from a newer
 * tool.
 */
/* clang-format off */
static const char *const os_types[] = {
	"alma", "alpine", "amazon", "azurelinux", "bottlerocket", "cbl-mariner", "centos",
	"chainguard", "debian", "echo", "fedora", "opensuse", "opensuse-leap",
	"opensuse-tumbleweed", "opensuse.leap", "opensuse.tumbleweed", "oracle", "photon",
	"redhat", "rocky", "slem", "sles", "suse linux enterprise micro",
	"suse linux enterprise server", "ubuntu", "wolfi",
};
/* clang-format on */

/* How each Trivy vulnerability Status maps to a fix state. */
typedef struct {
	const char *status;
	assay_fix_state state;
} status_map;

/*
 * not_affected stays a finding with an unknown fix state: Trivy lists it
 * only when the scan was asked to show it, and dropping it silently would
 * hide part of the report. An ignore rule removes it.
 */
static const status_map fix_states[] = {
    {"fixed", ASSAY_FIX_FIXED},
    {"affected", ASSAY_FIX_NOT_FIXED},
    {"fix_deferred", ASSAY_FIX_NOT_FIXED},
    {"under_investigation", ASSAY_FIX_NOT_FIXED},
    {"will_not_fix", ASSAY_FIX_WONT_FIX},
    {"end_of_life", ASSAY_FIX_WONT_FIX},
    {"not_affected", ASSAY_FIX_UNKNOWN},
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static bool is_os_type(const char *type)
{
	size_t i = 0;

	if (type == NULL) {
		return false;
	}
	for (i = 0; i < COUNT_OF(os_types); i++) {
		if (strcmp(type, os_types[i]) == 0) {
			return true;
		}
	}
	return false;
}

static int copy_fields(trivy_reader *reader, assay_finding *finding, const cJSON *entry,
		       const field_map *map, size_t count)
{
	size_t i = 0;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		err = trivy_copy_field(reader, finding, map[i].field, entry, map[i].key);
	}
	return err;
}

static int copy_lists(trivy_reader *reader, assay_finding *finding, const cJSON *entry,
		      const list_map *map, size_t count)
{
	size_t i = 0;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		err = trivy_copy_list(reader, finding, map[i].list, entry, map[i].key);
	}
	return err;
}

static int set_string(trivy_reader *reader, assay_finding *finding, assay_field field,
		      const char *value)
{
	if (value == NULL) {
		return 0;
	}
	if (assay_finding_set(reader->ctx, finding, field, value) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

/*
 * Find the id of an entry. An entry without one is left out and counted
 * (*out NULL): a finding cannot be merged, ignored or gated without an id,
 * and real reports contain such entries (a bare {"PkgName": …} in a list of
 * results).
 */
static int find_id(trivy_reader *reader, const cJSON *entry, const char *key, const char **out)
{
	size_t saved = 0;
	int err = trivy_get_text(reader, entry, key, out);

	if (err != 0 || *out != NULL) {
		return err;
	}
	if (reader->skipped == 0) {
		saved = assay_json_path_push_key(&reader->path, key);
		memcpy(reader->first_skipped, reader->path.text, reader->path.len + 1);
		assay_json_path_pop(&reader->path, saved);
	}
	reader->skipped++;
	return 0;
}

/* Allocate a finding of `kind` with the id of `entry`. *out stays NULL when it has none. */
static int new_finding(trivy_reader *reader, const cJSON *entry, const char *id_key,
		       assay_kind kind, assay_finding **out)
{
	assay_finding *finding = NULL;
	const char *id = NULL;
	int err = trivy_expect_object(reader, entry);

	*out = NULL;
	if (err == 0) {
		err = find_id(reader, entry, id_key, &id);
	}
	if (err != 0 || id == NULL) {
		return err;
	}
	finding = assay_finding_new(reader->ctx);
	if (finding == NULL) {
		return trivy_nomem(reader);
	}
	finding->kind = kind;
	if (assay_finding_set(reader->ctx, finding, ASSAY_FIELD_ID, id) != 0) {
		assay_finding_discard(reader->ctx, finding);
		return trivy_nomem(reader);
	}
	*out = finding;
	return 0;
}

static int set_severity(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const char *word = NULL;
	int err = trivy_get_string(reader, entry, "Severity", &word);

	if (err != 0) {
		return err;
	}
	finding->severity = assay_severity_parse(word);
	if (word != NULL && word[0] != '\0') {
		err = set_string(reader, finding, ASSAY_FIELD_RAW_SEVERITY, word);
	}
	return err;
}

/* The target is the k8s resource when there is one, else Result.Target. */
static int set_target(trivy_reader *reader, assay_finding *finding, const result_info *info)
{
	const char *target = reader->resource != NULL ? reader->resource : info->target;

	return set_string(reader, finding, ASSAY_FIELD_TARGET, target);
}

/* Layer.DiffID, else Layer.Digest. Trivy writes "Layer": {} when it does not know. */
static int set_layer(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const cJSON *layer = NULL;
	const char *value = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, entry, "Layer", &layer);

	if (err != 0 || layer == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "Layer");
	err = trivy_get_text(reader, layer, "DiffID", &value);
	if (err == 0 && value == NULL) {
		err = trivy_get_text(reader, layer, "Digest", &value);
	}
	assay_json_path_pop(&reader->path, saved);
	if (err != 0) {
		return err;
	}
	return set_string(reader, finding, ASSAY_FIELD_LAYER, value);
}

/* Hand the finding to the core, which takes it whether or not the add succeeds. */
static int add_finding(trivy_reader *reader, assay_finding *finding)
{
	int err = assay_finding_add(reader->ctx, finding);

	if (err != 0) {
		return assay_error(reader->ctx, err, "%s: the finding could not be added",
				   reader->path.text);
	}
	return 0;
}

/* Append each version of "1.2.3, 2.0.1": Trivy joins several fixed versions with ", ". */
static int set_fixed_versions(trivy_reader *reader, assay_finding *finding, const char *fixed)
{
	char *copy = NULL;
	char *start = NULL;
	char *comma = NULL;
	char *end = NULL;
	int err = 0;

	copy = strdup(fixed);
	if (copy == NULL) {
		return trivy_nomem(reader);
	}

	start = copy;
	while (start != NULL) {
		comma = strchr(start, ',');
		if (comma != NULL) {
			*comma = '\0';
		}
		while (*start == ' ' || *start == '\t') {
			start++;
		}
		end = start + strlen(start);
		while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
			*--end = '\0';
		}
		/* The core skips empty strings, so "1.0," adds one version. */
		if (assay_finding_append(reader->ctx, finding, ASSAY_LIST_FIXED_VERSIONS, start) !=
		    0) {
			err = trivy_nomem(reader);
			goto out;
		}
		start = comma != NULL ? comma + 1 : NULL;
	}

out:
	free(copy);
	return err;
}

static assay_fix_state fix_state_of(const char *status, bool has_fixed_version)
{
	size_t i = 0;

	for (i = 0; status != NULL && i < COUNT_OF(fix_states); i++) {
		if (strcmp(status, fix_states[i].status) == 0) {
			return fix_states[i].state;
		}
	}
	/* "unknown", a missing Status (older Trivy releases) or a status added later. */
	return has_fixed_version ? ASSAY_FIX_FIXED : ASSAY_FIX_UNKNOWN;
}

static int set_fix(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const char *fixed = NULL;
	const char *status = NULL;
	int err = trivy_get_text(reader, entry, "FixedVersion", &fixed);

	if (err == 0) {
		err = trivy_get_string(reader, entry, "Status", &status);
	}
	if (err != 0) {
		return err;
	}
	finding->fix_state = fix_state_of(status, fixed != NULL);
	if (fixed != NULL) {
		err = set_fixed_versions(reader, finding, fixed);
	}
	return err;
}

/*
 * Package type, purl and path. PkgPath is the file that contains a
 * language package. Without it the Result's Target (the lockfile) is the
 * path, so one package in two lockfiles stays two findings. OS packages
 * have no path.
 */
static int set_package(trivy_reader *reader, assay_finding *finding, const result_info *info,
		       const cJSON *entry)
{
	const cJSON *identifier = NULL;
	const char *purl = NULL;
	const char *path = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, entry, "PkgIdentifier", &identifier);

	if (err == 0 && identifier != NULL) {
		assay_json_path_push_key(&reader->path, "PkgIdentifier");
		err = trivy_get_text(reader, identifier, "PURL", &purl);
		assay_json_path_pop(&reader->path, saved);
	}
	if (err == 0) {
		err = trivy_get_text(reader, entry, "PkgPath", &path);
	}
	if (err != 0) {
		return err;
	}
	if (path == NULL && !info->os_packages) {
		path = info->target;
	}

	err = set_string(reader, finding, ASSAY_FIELD_PKG_TYPE, info->type);
	if (err == 0) {
		err = set_string(reader, finding, ASSAY_FIELD_PURL, purl);
	}
	if (err == 0) {
		err = set_string(reader, finding, ASSAY_FIELD_PKG_PATH, path);
	}
	return err;
}

/* One source of the CVSS object: {"V3Score": 7.5, "V3Vector": "CVSS:3.1/…", …}. */
static int read_cvss_source(trivy_reader *reader, assay_finding *finding, const cJSON *source)
{
	assay_cvss cvss = {.source = source->string};
	bool v2 = false;
	bool v3 = false;
	bool v4 = false;
	int err = trivy_expect_object(reader, source);

	if (err == 0) {
		err = trivy_get_number(reader, source, "V2Score", &cvss.v2_score, &v2);
	}
	if (err == 0) {
		err = trivy_get_number(reader, source, "V3Score", &cvss.v3_score, &v3);
	}
	if (err == 0) {
		err = trivy_get_number(reader, source, "V40Score", &cvss.v4_score, &v4);
	}
	if (err == 0) {
		err = trivy_get_text(reader, source, "V2Vector", &cvss.v2_vector);
	}
	if (err == 0) {
		err = trivy_get_text(reader, source, "V3Vector", &cvss.v3_vector);
	}
	if (err == 0) {
		err = trivy_get_text(reader, source, "V40Vector", &cvss.v4_vector);
	}
	if (err != 0) {
		return err;
	}

	cvss.v2_score = v2 ? cvss.v2_score : -1.0;
	cvss.v3_score = v3 ? cvss.v3_score : -1.0;
	cvss.v4_score = v4 ? cvss.v4_score : -1.0;
	if (!v2 && !v3 && !v4 && cvss.v2_vector == NULL && cvss.v3_vector == NULL &&
	    cvss.v4_vector == NULL) {
		return 0;
	}
	if (assay_finding_add_cvss(reader->ctx, finding, &cvss) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

/* CVSS: {"nvd": {...}, "redhat": {...}}, one entry per source. */
static int read_cvss(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const cJSON *cvss = NULL;
	const cJSON *source = NULL;
	size_t saved = reader->path.len;
	size_t source_path = 0;
	int err = trivy_get_object(reader, entry, "CVSS", &cvss);

	if (err != 0 || cvss == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "CVSS");
	cJSON_ArrayForEach(source, cvss)
	{
		source_path = assay_json_path_push_key(&reader->path, source->string);
		err = read_cvss_source(reader, finding, source);
		assay_json_path_pop(&reader->path, source_path);
		if (err != 0) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * Whether a vendor id names this one vulnerability. GHSA ids do. The
 * advisories of distributions (RHSA-2019:2304, DSA-4535-1, ALAS-…, USN-…)
 * may cover several CVEs, and as aliases they would make the core merge
 * two CVEs of one package into one finding, so they are left out.
 */
static bool is_vulnerability_alias(const char *vendor_id)
{
	return strncmp(vendor_id, "GHSA-", 5) == 0;
}

/* Aliases from VendorIDs, whose elements must all be strings. */
static int set_aliases(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const cJSON *list = NULL;
	const cJSON *item = NULL;
	size_t saved = reader->path.len;
	size_t index = 0;
	int err = trivy_get_array(reader, entry, "VendorIDs", &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "VendorIDs");
	cJSON_ArrayForEach(item, list)
	{
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			assay_json_path_push_index(&reader->path, index);
			err = assay_json_type_error(reader->ctx, &reader->path, NULL, item,
						    "a string");
			break;
		}
		if (is_vulnerability_alias(item->valuestring) &&
		    assay_finding_append(reader->ctx, finding, ASSAY_LIST_ALIASES,
					 item->valuestring) != 0) {
			err = trivy_nomem(reader);
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/* Hand the finding to the core, or discard it when filling it failed. */
static int finish_finding(trivy_reader *reader, assay_finding *finding, int err)
{
	if (err != 0) {
		assay_finding_discard(reader->ctx, finding);
		return err;
	}
	return add_finding(reader, finding);
}

static int read_vulnerability(trivy_reader *reader, const result_info *info, const cJSON *entry)
{
	assay_finding *finding = NULL;
	int err = new_finding(reader, entry, "VulnerabilityID", ASSAY_KIND_VULNERABILITY, &finding);

	if (err != 0 || finding == NULL) {
		return err;
	}
	err = set_severity(reader, finding, entry);
	if (err == 0) {
		err = copy_fields(reader, finding, entry, vulnerability_fields,
				  COUNT_OF(vulnerability_fields));
	}
	if (err == 0) {
		err = set_aliases(reader, finding, entry);
	}
	if (err == 0) {
		err = copy_lists(reader, finding, entry, vulnerability_lists,
				 COUNT_OF(vulnerability_lists));
	}
	if (err == 0) {
		err = set_package(reader, finding, info, entry);
	}
	if (err == 0) {
		err = set_fix(reader, finding, entry);
	}
	if (err == 0) {
		err = set_target(reader, finding, info);
	}
	if (err == 0) {
		err = set_layer(reader, finding, entry);
	}
	if (err == 0) {
		err = read_cvss(reader, finding, entry);
	}
	return finish_finding(reader, finding, err);
}

/* Misconfigurations: AVDID (AVD-DS-0002) is the long form of ID (DS002). */
static int set_avd_alias(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const char *avd_id = NULL;
	int err = trivy_get_text(reader, entry, "AVDID", &avd_id);

	if (err != 0 || avd_id == NULL || strcmp(avd_id, finding->id) == 0) {
		return err;
	}
	if (assay_finding_append(reader->ctx, finding, ASSAY_LIST_ALIASES, avd_id) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

static int set_cause_lines(trivy_reader *reader, assay_finding *finding, const cJSON *entry)
{
	const cJSON *cause = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, entry, "CauseMetadata", &cause);

	if (err != 0 || cause == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "CauseMetadata");
	err = trivy_get_line(reader, cause, "StartLine", &finding->start_line);
	if (err == 0) {
		err = trivy_get_line(reader, cause, "EndLine", &finding->end_line);
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * Whether a misconfiguration is a finding. PASS and EXCEPTION (a check that
 * passed, or failed but was waived by a Trivy exception) are not. FAIL is,
 * and so is a missing or unknown Status, because a CI gate fails closed.
 */
static int is_failed_check(trivy_reader *reader, const cJSON *entry, bool *out)
{
	const char *status = NULL;
	int err = trivy_get_string(reader, entry, "Status", &status);

	*out = status == NULL || (strcmp(status, "PASS") != 0 && strcmp(status, "EXCEPTION") != 0);
	return err;
}

static int read_misconfiguration(trivy_reader *reader, const result_info *info, const cJSON *entry)
{
	assay_finding *finding = NULL;
	bool failed = false;
	int err = trivy_expect_object(reader, entry);

	if (err == 0) {
		err = is_failed_check(reader, entry, &failed);
	}
	if (err == 0 && failed) {
		err = new_finding(reader, entry, "ID", ASSAY_KIND_MISCONFIGURATION, &finding);
	}
	if (err != 0 || finding == NULL) {
		return err;
	}
	err = set_avd_alias(reader, finding, entry);
	if (err == 0) {
		err = set_severity(reader, finding, entry);
	}
	if (err == 0) {
		err = copy_fields(reader, finding, entry, misconfiguration_fields,
				  COUNT_OF(misconfiguration_fields));
	}
	if (err == 0) {
		err = trivy_copy_list(reader, finding, ASSAY_LIST_URLS, entry, "References");
	}
	if (err == 0) {
		err = set_cause_lines(reader, finding, entry);
	}
	if (err == 0) {
		err = set_string(reader, finding, ASSAY_FIELD_FILE, info->target);
	}
	if (err == 0) {
		err = set_target(reader, finding, info);
	}
	if (err == 0) {
		err = set_layer(reader, finding, entry);
	}
	return finish_finding(reader, finding, err);
}

/* Only the rule and the position of a secret are kept, never Match or Code. */
static int read_secret(trivy_reader *reader, const result_info *info, const cJSON *entry)
{
	assay_finding *finding = NULL;
	int err = new_finding(reader, entry, "RuleID", ASSAY_KIND_SECRET, &finding);

	if (err != 0 || finding == NULL) {
		return err;
	}
	err = set_severity(reader, finding, entry);
	if (err == 0) {
		err = copy_fields(reader, finding, entry, secret_fields, COUNT_OF(secret_fields));
	}
	if (err == 0) {
		err = trivy_get_line(reader, entry, "StartLine", &finding->start_line);
	}
	if (err == 0) {
		err = trivy_get_line(reader, entry, "EndLine", &finding->end_line);
	}
	if (err == 0) {
		err = set_string(reader, finding, ASSAY_FIELD_FILE, info->target);
	}
	if (err == 0) {
		err = set_target(reader, finding, info);
	}
	if (err == 0) {
		err = set_layer(reader, finding, entry);
	}
	return finish_finding(reader, finding, err);
}

/*
 * Trivy's license entries have no title: make one that names the license
 * and where it was found ("GPL-2.0 license in busybox").
 */
static int set_license_title(trivy_reader *reader, assay_finding *finding)
{
	const char *place = finding->pkg_name != NULL ? finding->pkg_name : finding->file;
	char *title = NULL;
	size_t size = 0;
	int err = 0;

	if (place == NULL) {
		return set_string(reader, finding, ASSAY_FIELD_TITLE, finding->id);
	}
	size = strlen(finding->id) + strlen(place) + sizeof(" license in ");
	title = malloc(size);
	if (title == NULL) {
		return trivy_nomem(reader);
	}
	snprintf(title, size, "%s license in %s", finding->id, place);
	err = set_string(reader, finding, ASSAY_FIELD_TITLE, title);
	free(title);
	return err;
}

static int read_license(trivy_reader *reader, const result_info *info, const cJSON *entry)
{
	assay_finding *finding = NULL;
	int err = new_finding(reader, entry, "Name", ASSAY_KIND_LICENSE, &finding);

	if (err != 0 || finding == NULL) {
		return err;
	}
	err = set_severity(reader, finding, entry);
	if (err == 0) {
		err = copy_fields(reader, finding, entry, license_fields, COUNT_OF(license_fields));
	}
	if (err == 0) {
		err = set_license_title(reader, finding);
	}
	if (err == 0) {
		err = set_target(reader, finding, info);
	}
	return finish_finding(reader, finding, err);
}

/* Read each entry of result.key with `read_entry`. A missing or null list is empty. */
static int read_entries(trivy_reader *reader, const result_info *info, const cJSON *result,
			const char *key, entry_reader read_entry)
{
	const cJSON *list = NULL;
	const cJSON *entry = NULL;
	size_t saved = reader->path.len;
	size_t index = 0;
	size_t entry_path = 0;
	int err = trivy_get_array(reader, result, key, &list);

	if (err != 0 || list == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, key);
	cJSON_ArrayForEach(entry, list)
	{
		assay_json_prefetch(entry->next);
		entry_path = assay_json_path_push_index(&reader->path, index);
		err = read_entry(reader, info, entry);
		assay_json_path_pop(&reader->path, entry_path);
		if (err != 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

static int read_result(trivy_reader *reader, const cJSON *result)
{
	result_info info = {0};
	const char *class_name = NULL;
	int err = trivy_expect_object(reader, result);

	if (err == 0) {
		err = trivy_get_text(reader, result, "Target", &info.target);
	}
	if (err == 0) {
		err = trivy_get_text(reader, result, "Class", &class_name);
	}
	if (err == 0) {
		err = trivy_get_text(reader, result, "Type", &info.type);
	}
	if (err != 0) {
		return err;
	}
	if (class_name != NULL) {
		info.os_packages = strcmp(class_name, "os-pkgs") == 0;
	} else {
		info.os_packages = is_os_type(info.type);
	}

	err = read_entries(reader, &info, result, "Vulnerabilities", read_vulnerability);
	if (err == 0) {
		err =
		    read_entries(reader, &info, result, "Misconfigurations", read_misconfiguration);
	}
	if (err == 0) {
		err = read_entries(reader, &info, result, "Secrets", read_secret);
	}
	if (err == 0) {
		err = read_entries(reader, &info, result, "Licenses", read_license);
	}
	return err;
}

int trivy_read_result_list(trivy_reader *reader, const cJSON *results)
{
	const cJSON *result = NULL;
	size_t index = 0;
	size_t saved = 0;
	int err = 0;

	cJSON_ArrayForEach(result, results)
	{
		saved = assay_json_path_push_index(&reader->path, index);
		err = read_result(reader, result);
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}
