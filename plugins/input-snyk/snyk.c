/* SPDX-License-Identifier: Apache-2.0 */
/* Input plugin for the JSON of `snyk test --json` and `snyk container test --json`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snyk.h"

/* Where the findings of one vulnerabilities list sit. */
typedef struct {
	const char *pkg_type;  /* packageManager of the project or application */
	const char *pkg_path;  /* manifest or application file; NULL for OS packages */
	assay_image *os_image; /* container image whose OS is still to be recorded, or NULL */
} snyk_scope;

/* One Snyk vulnerability in one package version, to recognise its other dependency paths. */
typedef struct {
	const char *snyk_id; /* NULL marks an empty slot */
	const char *pkg_name;
	const char *version;
} snyk_key;

typedef struct {
	snyk_key *slots;
	size_t mask;
} snyk_seen;

/* ---- Recognising repeated dependency paths ---- */

static uint64_t hash_text(uint64_t hash, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");

	while (*p) {
		hash = (hash ^ *p++) * 1099511628211ULL;
	}
	return (hash ^ 0x1f) * 1099511628211ULL;
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int seen_init(snyk_seen *seen, size_t expected)
{
	size_t capacity = 16;

	while (capacity / 2 < expected) {
		if (capacity > SIZE_MAX / 2 / sizeof(snyk_key)) {
			return ASSAY_ENOMEM;
		}
		capacity *= 2;
	}
	seen->slots = calloc(capacity, sizeof(*seen->slots));
	if (!seen->slots) {
		return ASSAY_ENOMEM;
	}
	seen->mask = capacity - 1;
	return 0;
}

/* Insert `key` and report whether it was there already. The table is at most half full. */
static bool seen_insert(snyk_seen *seen, const snyk_key *key)
{
	uint64_t hash = hash_text(14695981039346656037ULL, key->snyk_id);
	size_t slot;

	hash = hash_text(hash, key->pkg_name);
	hash = hash_text(hash, key->version);
	slot = (size_t)hash & seen->mask;
	while (seen->slots[slot].snyk_id) {
		const snyk_key *other = &seen->slots[slot];

		if (strcmp(other->snyk_id, key->snyk_id) == 0 &&
		    same_text(other->pkg_name, key->pkg_name) &&
		    same_text(other->version, key->version)) {
			return true;
		}
		slot = (slot + 1) & seen->mask;
	}
	seen->slots[slot] = *key;
	return false;
}

/* ---- Identity of a vulnerability ---- */

/*
 * The installed package. Snyk Container names OS packages "source/binary"
 * in `name` ("glibc/libc6") with the source package in `packageName`;
 * Trivy and Grype report the binary package, so findings of both meet.
 */
static const char *package_name(const char *package, const char *name)
{
	size_t len = package ? strlen(package) : 0;

	if (package && name && strncmp(name, package, len) == 0 && name[len] == '/' &&
	    name[len + 1] != '\0') {
		return name + len + 1;
	}
	return package ? package : name;
}

static int parse_identity(snyk_reader *reader, const cJSON *item, snyk_vuln *out)
{
	const cJSON *identifiers = NULL;
	const cJSON *cves = NULL;
	const char *type = NULL;
	const char *package = NULL;
	const char *name = NULL;
	const char *first_cve = NULL;
	const char *license = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	err = assay_json_get_string(reader->ctx, &reader->path, item, "id", &out->snyk_id);
	if (!err && !out->snyk_id) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "%s.id: missing; every Snyk issue needs its id",
				   assay_json_path_text(&reader->path));
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "type", &type);
	}
	if (!err) {
		err = assay_json_get_object(reader->ctx, &reader->path, item, "identifiers",
					    &identifiers);
	}
	if (!err && identifiers) {
		size_t mark = assay_json_path_push_key(&reader->path, "identifiers");

		err = assay_json_get_array(reader->ctx, &reader->path, identifiers, "CVE", &cves);
		if (!err && cves) {
			err = snyk_string_at(reader, cves, "CVE", 0, &first_cve);
		}
		assay_json_path_pop(&reader->path, mark);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "packageName",
					    &package);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "name", &name);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "version",
					    &out->version);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "packageManager",
					    &out->pkg_manager);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, "license", &license);
	}
	if (err) {
		return err;
	}

	out->license = type && strcmp(type, "license") == 0;
	out->pkg_name = package_name(package, name);
	if (out->license) {
		out->id = license ? license : out->snyk_id;
	} else {
		out->id = first_cve ? first_cve : out->snyk_id;
	}
	return 0;
}

/*
 * The severity to gate on. Reports from Snyk's 2021 move to four levels
 * carry the old three-level rating in `severity` ("high") and the
 * four-level one in `severityWithCritical` ("critical"), so the higher
 * wins. `nvdSeverity` is NVD's rating, not Snyk's, and is not used.
 */
static int read_severity(snyk_reader *reader, const cJSON *item, assay_finding *finding)
{
	const char *severity = NULL;
	const char *with_critical = NULL;
	const char *raw = NULL;
	int err = assay_json_get_string(reader->ctx, &reader->path, item, "severity", &severity);

	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item,
					    "severityWithCritical", &with_critical);
	}
	if (err) {
		return err;
	}
	finding->severity = assay_severity_parse(severity);
	raw = severity;
	if (assay_severity_parse(with_critical) > finding->severity) {
		finding->severity = assay_severity_parse(with_critical);
		raw = with_critical;
	}
	if (assay_finding_set(reader->ctx, finding, ASSAY_FIELD_RAW_SEVERITY, raw) != 0) {
		return snyk_nomem(reader);
	}
	return 0;
}

/*
 * Fixed versions and fix state. A fix exists when `fixedIn` lists a
 * version, `nearestFixedInVersion` names one (SLES images in Snyk
 * Container), or the path is upgradable or patchable. Snyk reports a
 * missing fix by an empty `fixedIn` or by both flags false.
 */
static int read_fix(snyk_reader *reader, const cJSON *item, assay_finding *finding)
{
	const cJSON *fixed_in = NULL;
	const char *nearest = NULL;
	int upgradable = -1;
	int patchable = -1;
	int err =
	    snyk_append_strings(reader, finding, ASSAY_LIST_FIXED_VERSIONS, item, "fixedIn", NULL);

	if (!err) {
		err = assay_json_get_array(reader->ctx, &reader->path, item, "fixedIn", &fixed_in);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, item,
					    "nearestFixedInVersion", &nearest);
	}
	if (!err) {
		err = assay_json_get_bool(reader->ctx, &reader->path, item, "isUpgradable",
					  &upgradable);
	}
	if (!err) {
		err = assay_json_get_bool(reader->ctx, &reader->path, item, "isPatchable",
					  &patchable);
	}
	if (err) {
		return err;
	}
	if (finding->fixed_versions.count == 0 && nearest &&
	    assay_finding_append(reader->ctx, finding, ASSAY_LIST_FIXED_VERSIONS, nearest) != 0) {
		return snyk_nomem(reader);
	}

	if (finding->fixed_versions.count > 0 || upgradable == 1 || patchable == 1) {
		finding->fix_state = ASSAY_FIX_FIXED;
	} else if (fixed_in || upgradable == 0 || patchable == 0) {
		finding->fix_state = ASSAY_FIX_NOT_FIXED;
	} else {
		finding->fix_state = ASSAY_FIX_UNKNOWN;
	}
	return 0;
}

/* Fields every listing of a vulnerability carries, the repeated dependency paths included. */
static int fill_identity(snyk_reader *reader, assay_finding *finding, const snyk_vuln *vuln,
			 const cJSON *item, const snyk_scope *scope)
{
	assay_ctx *ctx = reader->ctx;
	int err = 0;

	finding->kind = vuln->license ? ASSAY_KIND_LICENSE : ASSAY_KIND_VULNERABILITY;
	err |= assay_finding_set(ctx, finding, ASSAY_FIELD_ID, vuln->id);
	err |= assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_NAME, vuln->pkg_name);
	err |= assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_VERSION, vuln->version);
	err |= assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_TYPE, scope->pkg_type);
	err |= assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_PATH, scope->pkg_path);
	if (err) {
		return snyk_nomem(reader);
	}
	err = read_severity(reader, item, finding);
	if (!err && !vuln->license) {
		err = read_fix(reader, item, finding);
	}
	return err;
}

/* ---- Lists, projects and the document ---- */

/* Record "debian:11" (a container vulnerability's packageManager) as the image's OS. */
static int record_os(snyk_reader *reader, assay_image *image, const char *pkg_manager)
{
	const char *colon = strchr(pkg_manager, ':');
	char family[64];
	size_t len = colon ? (size_t)(colon - pkg_manager) : 0;

	if (!colon || len == 0 || len >= sizeof(family) || colon[1] == '\0' || image->os_family) {
		return 0;
	}
	memcpy(family, pkg_manager, len);
	family[len] = '\0';
	if (assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_FAMILY, family) != 0 ||
	    assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_NAME, colon + 1) != 0) {
		return snyk_nomem(reader);
	}
	return 0;
}

/*
 * Snyk lists a vulnerability once per dependency path (`from`), and the
 * first listing becomes a full finding. Each repeat of the same Snyk id,
 * package and version becomes a finding with only its identity, severity
 * and fix data, which the core merges into the first. The repeat still
 * counts because `isUpgradable` and `isPatchable` differ from path to path.
 */
static int read_vulnerability(snyk_reader *reader, const cJSON *item, snyk_scope *scope,
			      snyk_seen *seen)
{
	assay_finding *finding = NULL;
	snyk_vuln vuln;
	snyk_key key;
	bool repeat = false;
	int err;

	if (!cJSON_IsObject(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, NULL, item, "an object");
	}
	err = parse_identity(reader, item, &vuln);
	if (err) {
		return err;
	}
	if (scope->os_image && vuln.pkg_manager && strchr(vuln.pkg_manager, ':')) {
		err = record_os(reader, scope->os_image, vuln.pkg_manager);
		scope->os_image = NULL;
		if (err) {
			return err;
		}
	}

	key = (snyk_key){vuln.snyk_id, vuln.pkg_name, vuln.version};
	repeat = seen_insert(seen, &key);
	finding = assay_finding_new(reader->ctx);
	if (!finding) {
		return snyk_nomem(reader);
	}
	err = fill_identity(reader, finding, &vuln, item, scope);
	if (!err && !repeat) {
		err = snyk_fill_details(reader, finding, &vuln, item);
	}
	if (err) {
		assay_finding_discard(reader->ctx, finding);
		return err;
	}
	return assay_finding_add(reader->ctx, finding);
}

static int read_vulnerability_list(snyk_reader *reader, const cJSON *list, const snyk_scope *scope)
{
	snyk_scope current = *scope;
	snyk_seen seen = {.slots = NULL};
	const cJSON *item = NULL;
	size_t index = 0;
	size_t mark = assay_json_path_push_key(&reader->path, "vulnerabilities");
	int err = seen_init(&seen, (size_t)cJSON_GetArraySize(list));

	if (err) {
		err = snyk_nomem(reader);
		goto out;
	}
	cJSON_ArrayForEach(item, list)
	{
		size_t inner = assay_json_path_push_index(&reader->path, index++);

		err = read_vulnerability(reader, item, &current, &seen);
		assay_json_path_pop(&reader->path, inner);
		if (err) {
			goto out;
		}
	}

out:
	assay_json_path_pop(&reader->path, mark);
	free(seen.slots);
	return err;
}

/* Whether `project` has a member that only Snyk's JSON has. */
static bool has_snyk_keys(const cJSON *project)
{
	static const char *const keys[] = {"packageManager", "projectName", "ok", "dependencyCount"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (cJSON_GetObjectItemCaseSensitive(project, keys[i])) {
			return true;
		}
	}
	return false;
}

/* The error for an object without a vulnerabilities list. */
static int shape_error(snyk_reader *reader, const cJSON *object)
{
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(object, "error");
	const char *where = reader->path.len > 0 ? reader->path.text : "";
	const char *colon = reader->path.len > 0 ? ": " : "";

	if (cJSON_IsString(message) && message->valuestring && message->valuestring[0]) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "%s%sSnyk reported an error instead of test results: \"%s\"; "
				   "fix the Snyk run and scan again",
				   where, colon, message->valuestring);
	}
	if (cJSON_GetObjectItemCaseSensitive(object, "runs")) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "not a Snyk report: %s%sthis is SARIF (snyk --sarif); read it "
				   "with -i sarif:FILE",
				   where, colon);
	}
	return assay_error(reader->ctx, ASSAY_EPARSE,
			   "not a Snyk report: %s%sexpected an object with a vulnerabilities list, "
			   "as written by snyk test --json",
			   where, colon);
}

static int read_applications(snyk_reader *reader, const cJSON *applications)
{
	const cJSON *application = NULL;
	const cJSON *list = NULL;
	const char *target_file = NULL;
	const char *display_file = NULL;
	snyk_scope scope = {NULL, NULL, NULL};
	size_t index = 0;
	size_t mark = assay_json_path_push_key(&reader->path, "applications");
	int err = 0;

	cJSON_ArrayForEach(application, applications)
	{
		size_t inner = assay_json_path_push_index(&reader->path, index++);

		if (!cJSON_IsObject(application)) {
			err = assay_json_type_error(reader->ctx, &reader->path, NULL, application,
						    "an object");
		}
		if (!err) {
			err = assay_json_get_array(reader->ctx, &reader->path, application,
						   "vulnerabilities", &list);
		}
		if (!err && !list) {
			err = shape_error(reader, application);
		}
		if (!err) {
			err = assay_json_get_string(reader->ctx, &reader->path, application,
						    "packageManager", &scope.pkg_type);
		}
		if (!err) {
			err = assay_json_get_string(reader->ctx, &reader->path, application,
						    "targetFile", &target_file);
		}
		if (!err) {
			err = assay_json_get_string(reader->ctx, &reader->path, application,
						    "displayTargetFile", &display_file);
		}
		if (!err) {
			scope.pkg_path = target_file ? target_file : display_file;
			err = read_vulnerability_list(reader, list, &scope);
		}
		assay_json_path_pop(&reader->path, inner);
		if (err) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/*
 * Declare what the project scanned: the image reference (`path`) for
 * Snyk Container, else the scanned folder (`path`). When `path` is
 * missing, `projectName` and then the report's own path name it.
 */
static int declare_target(snyk_reader *reader, const cJSON *project, const char *document_path,
			  bool container, assay_image **out)
{
	const char *path = NULL;
	const char *project_name = NULL;
	const char *name = NULL;
	assay_image *image = NULL;
	int err = assay_json_get_string(reader->ctx, &reader->path, project, "path", &path);

	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, project, "projectName",
					    &project_name);
	}
	if (err) {
		return err;
	}
	name = path;
	if (!name) {
		name = project_name ? project_name : document_path;
	}
	image = assay_image_declare(reader->ctx, name, NULL);
	if (!image) {
		return snyk_nomem(reader);
	}
	if (!image->artifact_type &&
	    assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE,
			    container ? "container_image" : "filesystem") != 0) {
		return snyk_nomem(reader);
	}
	*out = image;
	return 0;
}

static int read_project(snyk_reader *reader, const cJSON *project, const char *document_path)
{
	const cJSON *list = NULL;
	const cJSON *docker = NULL;
	const cJSON *applications = NULL;
	const char *project_name = NULL;
	const char *display_file = NULL;
	const char *target_file = NULL;
	snyk_scope scope = {NULL, NULL, NULL};
	assay_image *image = NULL;
	bool container = false;
	int err =
	    assay_json_get_array(reader->ctx, &reader->path, project, "vulnerabilities", &list);

	if (!err && !list) {
		return shape_error(reader, project);
	}
	/* Other scanners (clair-scanner) also write a vulnerabilities list, so require Snyk's own keys. */
	if (!err && !has_snyk_keys(project)) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "not a Snyk report: %s%sa vulnerabilities list without any of "
				   "packageManager, projectName, ok or dependencyCount, which snyk test "
				   "--json writes; check which scanner wrote the file and the format "
				   "named for it",
				   reader->path.len > 0 ? reader->path.text : "",
				   reader->path.len > 0 ? ": " : "");
	}
	if (!err) {
		err = assay_json_get_object(reader->ctx, &reader->path, project, "docker", &docker);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, project, "projectName",
					    &project_name);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, project, "packageManager",
					    &scope.pkg_type);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, project,
					    "displayTargetFile", &display_file);
	}
	if (!err) {
		err = assay_json_get_string(reader->ctx, &reader->path, project, "targetFile",
					    &target_file);
	}
	if (!err) {
		err = assay_json_get_array(reader->ctx, &reader->path, project, "applications",
					   &applications);
	}
	if (err) {
		return err;
	}

	container = docker || (project_name && strncmp(project_name, "docker-image|", 13) == 0);
	err = declare_target(reader, project, document_path, container, &image);
	if (err) {
		return err;
	}
	/* OS packages of an image have no manifest, so their place is the image alone. */
	if (!container) {
		scope.pkg_path = display_file ? display_file : target_file;
	}
	scope.os_image = container ? image : NULL;
	err = read_vulnerability_list(reader, list, &scope);
	if (!err && applications) {
		err = read_applications(reader, applications);
	}
	return err;
}

static int snyk_read(assay_ctx *ctx, const assay_document *doc)
{
	snyk_reader reader = {.ctx = ctx};
	const cJSON *root = doc->json;
	const cJSON *project = NULL;
	size_t index = 0;
	int err = 0;

	assay_json_path_init(&reader.path);
	if (!root) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a Snyk report: expected the JSON of snyk test --json or "
				   "snyk container test --json");
	}
	if (cJSON_IsObject(root)) {
		return read_project(&reader, root, doc->path);
	}
	if (!cJSON_IsArray(root)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a Snyk report: expected a project object or a list of "
				   "projects (--all-projects), found %s",
				   assay_json_type_name(root));
	}
	cJSON_ArrayForEach(project, root)
	{
		size_t mark = assay_json_path_push_index(&reader.path, index++);

		if (!cJSON_IsObject(project)) {
			err = assay_error(
			    ctx, ASSAY_EPARSE,
			    "not a Snyk report: %s: expected a project object, found %s",
			    reader.path.text, assay_json_type_name(project));
		} else {
			err = read_project(&reader, project, doc->path);
		}
		assay_json_path_pop(&reader.path, mark);
		if (err) {
			break;
		}
	}
	return err;
}

static bool looks_like_project(const cJSON *item)
{
	return cJSON_IsObject(item) &&
	       cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(item, "vulnerabilities")) &&
	       (cJSON_GetObjectItemCaseSensitive(item, "packageManager") ||
		cJSON_GetObjectItemCaseSensitive(item, "projectName"));
}

/* A project object, or a list of objects with at least one project (--all-projects). */
static int snyk_probe(const assay_document *doc)
{
	const cJSON *item = NULL;
	bool found = false;

	if (!doc->json) {
		return 0;
	}
	if (cJSON_IsObject(doc->json)) {
		return looks_like_project(doc->json) ? 90 : 0;
	}
	if (!cJSON_IsArray(doc->json)) {
		return 0;
	}
	cJSON_ArrayForEach(item, doc->json)
	{
		if (!cJSON_IsObject(item)) {
			return 0;
		}
		found = found || looks_like_project(item);
	}
	return found ? 90 : 0;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "snyk",
    .version = "1.0.0",
    .summary = "Snyk JSON (snyk test --json, snyk container test --json, --all-projects)",
    .probe = snyk_probe,
    .read = snyk_read,
};

ASSAY_PLUGIN_DEFINE(descriptor)
