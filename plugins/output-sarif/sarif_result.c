/* SPDX-License-Identifier: Apache-2.0 */
/* The rule and result objects of the SARIF output, built one finding at a time. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sarif.h"

/* Code points kept of each text; they bound one rule's size whatever a scanner wrote. */
#define SHORT_TEXT_MAX 1024
#define LONG_TEXT_MAX 16384
#define MESSAGE_PART_MAX 1000

/* GitHub keeps 10 tags of a rule and rejects a file with more than 20. */
#define RULE_TAGS_MAX 10

/* Further http(s) references listed in a rule's help, after the primary URL. */
#define HELP_LINKS_MAX 5

#define EMPTY_ID_RULE "assay-finding-without-id"

/* Package types and purl types of operating-system packages. */
static const char *const os_package_types[] = {
	"apk",     "deb",         "dpkg",       "rpm",    "alpm",   "alpine",     "debian",
	"ubuntu",  "redhat",      "centos",     "rocky",  "alma",   "almalinux",  "amazon",
	"oracle",  "photon",      "suse",       "sles",   "opensuse", "opensuse-leap",
	"opensuse-tumbleweed",    "wolfi",      "chainguard", "cbl-mariner", "azurelinux",
	"fedora",  "bottlerocket", "minimos",   "echo",   "coreos", "arch",
};

/*
 * An object under construction: `ok` turns false at the first failed
 * allocation and is checked once at the end.
 */
typedef struct {
	cJSON *object;
	bool ok;
} builder;

static void builder_init(builder *b, cJSON *object)
{
	b->object = object;
	b->ok = object != NULL;
}

/* Add `item` under `key`, a literal; takes `item` on every path. A NULL item fails the builder. */
static void put(builder *b, const char *key, cJSON *item)
{
	if (item == NULL) {
		b->ok = false;
		return;
	}
	if (b->object == NULL || !cJSON_AddItemToObjectCS(b->object, key, item)) {
		cJSON_Delete(item);
		b->ok = false;
	}
}

/* Add `item` when `value` is set; nothing when it is NULL. */
static void put_text(builder *b, const char *key, const char *value, size_t max_chars)
{
	if (value != NULL) {
		put(b, key, sarif_json_text(value, max_chars));
	}
}

static cJSON *finish(builder *b)
{
	if (!b->ok) {
		cJSON_Delete(b->object);
		return NULL;
	}
	return b->object;
}

static bool append(cJSON *array, cJSON *item)
{
	if (item == NULL) {
		return false;
	}
	if (!cJSON_AddItemToArray(array, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

/* A string built in a scratch buffer, by reference: the buffer outlives the printing. */
static cJSON *scratch_json(const sarif_buf *text)
{
	if (text->failed) {
		return NULL;
	}
	return cJSON_CreateStringReference(text->data != NULL ? text->data : "");
}

/* Reset and return one scratch buffer of the context. */
static sarif_buf *scratch(sarif_context *sc, int which)
{
	sarif_buf_reset(&sc->scratch[which]);
	return &sc->scratch[which];
}

/* {"text": <b>} */
static cJSON *text_object(const sarif_buf *text)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "text", scratch_json(text));
	return finish(&b);
}

/* GitHub's levels: error for CRITICAL and HIGH, warning for MEDIUM, note below. */
static const char *level_of(assay_severity severity)
{
	switch (severity) {
	case ASSAY_SEVERITY_CRITICAL:
	case ASSAY_SEVERITY_HIGH:
		return "error";
	case ASSAY_SEVERITY_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/*
 * security-severity inside GitHub's bands (over 9.0 critical, 7.0 to 8.9
 * high, 4.0 to 6.9 medium, 3.9 or less low), mid-band so that rounding
 * never moves a finding across a border.
 */
static const char *security_severity_of(assay_severity severity)
{
	switch (severity) {
	case ASSAY_SEVERITY_CRITICAL:
		return "9.5";
	case ASSAY_SEVERITY_HIGH:
		return "8.0";
	case ASSAY_SEVERITY_MEDIUM:
		return "5.5";
	case ASSAY_SEVERITY_LOW:
		return "2.0";
	default:
		return "0.0";
	}
}

const char *sarif_rule_id(const assay_finding *f)
{
	return f->id != NULL && f->id[0] != '\0' ? f->id : EMPTY_ID_RULE;
}

/* ---- Rules ---- */

/* The first of title, message and id that is set. */
static const char *headline_of(const assay_finding *f)
{
	if (f->title != NULL && f->title[0] != '\0') {
		return f->title;
	}
	if (f->message != NULL && f->message[0] != '\0') {
		return f->message;
	}
	return sarif_rule_id(f);
}

static void add_cvss_text(sarif_buf *b, const assay_finding *f, bool markdown)
{
	size_t i;

	for (i = 0; i < f->cvss_count; i++) {
		const assay_cvss *c = &f->cvss[i];
		const double scores[3] = {c->v4_score, c->v3_score, c->v2_score};
		const char *vectors[3] = {c->v4_vector, c->v3_vector, c->v2_vector};
		const char *names[3] = {"4.0", "3.x", "2.0"};
		size_t v;

		for (v = 0; v < 3; v++) {
			if (scores[v] < 0) {
				continue;
			}
			sarif_buf_add(b, markdown ? "- CVSS " : "CVSS ");
			sarif_buf_add(b, names[v]);
			sarif_buf_add(b, " (");
			(markdown ? sarif_buf_add_markdown : sarif_buf_add_text)(
				b, c->source != NULL ? c->source : "unknown source", 100, true);
			sarif_buf_addf(b, "): %.1f", scores[v]);
			if (vectors[v] != NULL) {
				sarif_buf_add(b, " ");
				(markdown ? sarif_buf_add_markdown : sarif_buf_add_text)(b, vectors[v],
											 200, true);
			}
			sarif_buf_add(b, "\n");
		}
	}
}

/*
 * The plain-text help: the headline and the facts, without the
 * description, which fullDescription carries and the Markdown help
 * repeats. A third copy of every description would make the file a third
 * larger for viewers that show the Markdown anyway.
 */
static void add_help_text(sarif_buf *b, const assay_finding *f)
{
	sarif_buf_add_text(b, headline_of(f), SHORT_TEXT_MAX, true);
	sarif_buf_add(b, "\n\nSeverity: ");
	sarif_buf_add(b, assay_severity_name(f->severity));
	sarif_buf_add(b, "\n");
	add_cvss_text(b, f, false);
	if (f->resolution != NULL) {
		sarif_buf_add(b, "Resolution: ");
		sarif_buf_add_text(b, f->resolution, SHORT_TEXT_MAX, true);
		sarif_buf_add(b, "\n");
	}
	if (sarif_is_http_url(f->primary_url)) {
		sarif_buf_add(b, "More information: ");
		sarif_buf_add(b, f->primary_url);
		sarif_buf_add(b, "\n");
	}
}

static void add_markdown_link(sarif_buf *b, const char *url)
{
	sarif_buf_add(b, "- [");
	sarif_buf_add_markdown(b, url, 200, true);
	sarif_buf_add(b, "](");
	sarif_buf_add_link_target(b, url);
	sarif_buf_add(b, ")\n");
}

static void add_help_markdown(sarif_buf *b, const assay_finding *f)
{
	size_t links = 0;
	size_t i;

	sarif_buf_add(b, "**");
	sarif_buf_add_markdown(b, headline_of(f), SHORT_TEXT_MAX, true);
	sarif_buf_add(b, "**\n\n");
	if (f->description != NULL) {
		sarif_buf_add_markdown(b, f->description, LONG_TEXT_MAX, false);
		sarif_buf_add(b, "\n\n");
	}
	sarif_buf_add(b, "- Severity: ");
	sarif_buf_add(b, assay_severity_name(f->severity));
	sarif_buf_add(b, "\n");
	add_cvss_text(b, f, true);
	if (f->resolution != NULL) {
		sarif_buf_add(b, "- Resolution: ");
		sarif_buf_add_markdown(b, f->resolution, SHORT_TEXT_MAX, true);
		sarif_buf_add(b, "\n");
	}
	if (sarif_is_http_url(f->primary_url)) {
		add_markdown_link(b, f->primary_url);
	}
	for (i = 0; i < f->urls.count && links < HELP_LINKS_MAX; i++) {
		const char *url = f->urls.items[i];

		if (sarif_is_http_url(url) &&
		    (f->primary_url == NULL || strcmp(url, f->primary_url) != 0)) {
			add_markdown_link(b, url);
			links++;
		}
	}
}

static cJSON *help_json(sarif_context *sc, const assay_finding *f)
{
	sarif_buf *text = scratch(sc, SARIF_SCRATCH_HELP_TEXT);
	sarif_buf *markdown = scratch(sc, SARIF_SCRATCH_HELP_MARKDOWN);
	builder b;

	add_help_text(text, f);
	add_help_markdown(markdown, f);
	builder_init(&b, cJSON_CreateObject());
	put(&b, "text", scratch_json(text));
	put(&b, "markdown", scratch_json(markdown));
	return finish(&b);
}

/* Append `tag` unless present or the list is full. */
static bool add_tag(cJSON *tags, const char *tag)
{
	const cJSON *item;

	if (tag == NULL || tag[0] == '\0' || cJSON_GetArraySize(tags) >= RULE_TAGS_MAX) {
		return true;
	}
	cJSON_ArrayForEach(item, tags)
	{
		if (strcmp(item->valuestring, tag) == 0) {
			return true;
		}
	}
	return append(tags, sarif_json_text(tag, 64));
}

/* ["security", kind, category, analyzer tags …], at most RULE_TAGS_MAX. */
static cJSON *tags_json(const assay_finding *f)
{
	cJSON *tags = cJSON_CreateArray();
	bool ok = tags != NULL;
	size_t i;

	ok = ok && add_tag(tags, "security") && add_tag(tags, assay_kind_name(f->kind));
	if (ok && f->known_exploited == 1) {
		ok = add_tag(tags, "known-exploited");
	}
	if (ok && f->category != NULL && strlen(f->category) <= 64 &&
	    strpbrk(f->category, "\n\r\t") == NULL) {
		ok = add_tag(tags, f->category);
	}
	for (i = 0; ok && i < f->tags.count; i++) {
		ok = add_tag(tags, f->tags.items[i]);
	}
	if (!ok) {
		cJSON_Delete(tags);
		return NULL;
	}
	return tags;
}

static void put_score(builder *b, const char *key, double score)
{
	if (score >= 0) {
		put(b, key, cJSON_CreateNumber(score));
	}
}

/* The scanners' CVSS data as they gave it: [{"source", "v3Score", "v3Vector", …}]. */
static cJSON *cvss_json(const assay_finding *f)
{
	cJSON *array = cJSON_CreateArray();
	size_t i;

	for (i = 0; array != NULL && i < f->cvss_count; i++) {
		const assay_cvss *c = &f->cvss[i];
		builder b;

		builder_init(&b, cJSON_CreateObject());
		put_text(&b, "source", c->source, 100);
		put_score(&b, "v2Score", c->v2_score);
		put_text(&b, "v2Vector", c->v2_vector, 200);
		put_score(&b, "v3Score", c->v3_score);
		put_text(&b, "v3Vector", c->v3_vector, 200);
		put_score(&b, "v4Score", c->v4_score);
		put_text(&b, "v4Vector", c->v4_vector, 300);
		if (!append(array, finish(&b))) {
			cJSON_Delete(array);
			array = NULL;
		}
	}
	return array;
}

cJSON *sarif_rule_json(sarif_context *sc, const assay_finding *f)
{
	sarif_buf *short_text = scratch(sc, SARIF_SCRATCH_SHORT);
	sarif_buf *full_text = scratch(sc, SARIF_SCRATCH_FULL);
	builder properties;
	builder config;
	builder b;

	builder_init(&properties, cJSON_CreateObject());
	put(&properties, "tags", tags_json(f));
	put(&properties, "security-severity",
	    cJSON_CreateStringReference(security_severity_of(f->severity)));
	if (f->cvss_count > 0) {
		put(&properties, "cvss", cvss_json(f));
	}
	builder_init(&config, cJSON_CreateObject());
	put(&config, "level", cJSON_CreateStringReference(level_of(f->severity)));

	builder_init(&b, cJSON_CreateObject());
	put(&b, "id", sarif_json_text(sarif_rule_id(f), 0));
	sarif_buf_add_text(short_text, headline_of(f), SHORT_TEXT_MAX, true);
	put(&b, "shortDescription", text_object(short_text));
	sarif_buf_add_text(full_text, f->description != NULL ? f->description : headline_of(f),
			   LONG_TEXT_MAX, false);
	put(&b, "fullDescription", text_object(full_text));
	put(&b, "help", help_json(sc, f));
	if (sarif_is_http_url(f->primary_url)) {
		put(&b, "helpUri", cJSON_CreateStringReference(f->primary_url));
	}
	put(&b, "defaultConfiguration", finish(&config));
	put(&b, "properties", finish(&properties));
	return finish(&b);
}

/* ---- Results ---- */

/* "<id>: <package> <version> -> <fix>: <title>" and the place, on one line. */
static void add_message(sarif_buf *b, const sarif_context *sc, const assay_finding *f,
			const assay_image *image)
{
	size_t i;

	sarif_buf_add_text(b, sarif_rule_id(f), SHORT_TEXT_MAX, true);
	if (f->pkg_name != NULL) {
		sarif_buf_add(b, ": ");
		sarif_buf_add_text(b, f->pkg_name, MESSAGE_PART_MAX, true);
		if (f->pkg_version != NULL) {
			sarif_buf_add(b, " ");
			sarif_buf_add_text(b, f->pkg_version, MESSAGE_PART_MAX, true);
		}
	}
	if (f->kind == ASSAY_KIND_VULNERABILITY) {
		for (i = 0; i < f->fixed_versions.count; i++) {
			sarif_buf_add(b, i == 0 ? " -> " : ", ");
			sarif_buf_add_text(b, f->fixed_versions.items[i], MESSAGE_PART_MAX, true);
		}
		if (f->fixed_versions.count == 0) {
			sarif_buf_add(b, f->fix_state == ASSAY_FIX_WONT_FIX ? " (will not be fixed)"
									     : " (no fixed version)");
		}
	}
	if (strcmp(headline_of(f), sarif_rule_id(f)) != 0) {
		sarif_buf_add(b, ": ");
		sarif_buf_add_text(b, headline_of(f), MESSAGE_PART_MAX, true);
	}
	if (f->kind == ASSAY_KIND_MISCONFIGURATION && f->title != NULL && f->message != NULL) {
		sarif_buf_add(b, ": ");
		sarif_buf_add_text(b, f->message, MESSAGE_PART_MAX, true);
	}
	if ((f->kind == ASSAY_KIND_SECRET || f->kind == ASSAY_KIND_MISCONFIGURATION) &&
	    f->file != NULL) {
		sarif_buf_add(b, " in ");
		sarif_buf_add_text(b, f->file, MESSAGE_PART_MAX, true);
		if (f->start_line > 0) {
			sarif_buf_addf(b, " line %d", f->start_line);
		}
	}
	if (sc->several_images && image != NULL) {
		sarif_buf_add(b, " [image ");
		sarif_buf_add_text(b, image->name, MESSAGE_PART_MAX, true);
		sarif_buf_add(b, "]");
	}
}

static bool is_os_package(const assay_finding *f)
{
	char type[32];
	size_t i;

	type[0] = '\0';
	if (f->purl != NULL && strncmp(f->purl, "pkg:", 4) == 0) {
		size_t len = strcspn(f->purl + 4, "/@?#");

		if (len < sizeof(type)) {
			memcpy(type, f->purl + 4, len);
			type[len] = '\0';
		}
	} else if (f->pkg_type != NULL && strlen(f->pkg_type) < sizeof(type)) {
		strcpy(type, f->pkg_type);
	}
	for (i = 0; i < sizeof(os_package_types) / sizeof(os_package_types[0]); i++) {
		if (strcasecmp(type, os_package_types[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Where a result points: a relative URI and a region. */
typedef struct {
	char *uri; /* malloc'ed */
	int start_line;
	int end_line; /* 0: none */
} result_location;

/*
 * With --dockerfile, findings in a container image point at the
 * Dockerfile: operating-system packages at the last FROM (the base image
 * brings them and updating it is the usual fix), everything else at the
 * instruction that created the finding's layer. Misconfigurations keep
 * the file a scanner checked.
 */
static bool anchors_to_dockerfile(const sarif_context *sc, const assay_finding *f,
				  const assay_image *image)
{
	if (sc->dockerfile == NULL || f->kind == ASSAY_KIND_MISCONFIGURATION) {
		return false;
	}
	return image == NULL || image->artifact_type == NULL ||
	       strcmp(image->artifact_type, "container_image") == 0;
}

static int resolve_location(result_location *loc, sarif_context *sc, const assay_finding *f,
			    const assay_image *image)
{
	const char *path;
	bool oom = false;

	loc->end_line = 0;
	if (anchors_to_dockerfile(sc, f, image)) {
		loc->start_line = is_os_package(f)
					  ? sarif_dockerfile_from_line(sc->dockerfile)
					  : sarif_dockerfile_layer_line(sc->dockerfile, image, f->layer);
		loc->uri = strdup(sarif_dockerfile_uri(sc->dockerfile));
		return loc->start_line < 0 || loc->uri == NULL ? ASSAY_ENOMEM : 0;
	}

	if (f->kind == ASSAY_KIND_MISCONFIGURATION || f->kind == ASSAY_KIND_SECRET) {
		path = f->file != NULL ? f->file : f->pkg_path;
	} else {
		path = f->pkg_path != NULL ? f->pkg_path : f->file;
	}
	loc->uri = sarif_uri_from_path(path, &oom);
	loc->start_line = f->start_line > 0 ? f->start_line : 1;
	if (f->end_line >= loc->start_line && f->start_line > 0) {
		loc->end_line = f->end_line;
	}
	if (loc->uri == NULL && !oom) {
		/* No usable path (an OS package, a bare image): point at the Dockerfile instead. */
		loc->uri = strdup(sc->dockerfile != NULL ? sarif_dockerfile_uri(sc->dockerfile)
							 : "Dockerfile");
		loc->start_line = sc->dockerfile != NULL ? sarif_dockerfile_from_line(sc->dockerfile)
							 : 1;
		loc->end_line = 0;
	}
	return loc->uri == NULL ? ASSAY_ENOMEM : 0;
}

static cJSON *locations_json(const result_location *loc)
{
	builder region;
	builder artifact;
	builder physical;
	builder location;
	cJSON *array = cJSON_CreateArray();

	builder_init(&region, cJSON_CreateObject());
	put(&region, "startLine", cJSON_CreateNumber(loc->start_line));
	if (loc->end_line > 0) {
		put(&region, "endLine", cJSON_CreateNumber(loc->end_line));
	}
	builder_init(&artifact, cJSON_CreateObject());
	put(&artifact, "uri", cJSON_CreateString(loc->uri));
	builder_init(&physical, cJSON_CreateObject());
	put(&physical, "artifactLocation", finish(&artifact));
	put(&physical, "region", finish(&region));
	builder_init(&location, cJSON_CreateObject());
	put(&location, "physicalLocation", finish(&physical));
	if (array != NULL && !append(array, finish(&location))) {
		cJSON_Delete(array);
		array = NULL;
	}
	return array;
}

static cJSON *string_array(const assay_strlist *list)
{
	cJSON *array = cJSON_CreateArray();
	size_t i;

	for (i = 0; array != NULL && i < list->count; i++) {
		if (!append(array, sarif_json_text(list->items[i], MESSAGE_PART_MAX))) {
			cJSON_Delete(array);
			array = NULL;
		}
	}
	return array;
}

static cJSON *result_properties(const assay_finding *f, const assay_image *image)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "severity", cJSON_CreateStringReference(assay_severity_name(f->severity)));
	put(&b, "kind", cJSON_CreateStringReference(assay_kind_name(f->kind)));
	put_text(&b, "package", f->pkg_name, MESSAGE_PART_MAX);
	put_text(&b, "installedVersion", f->pkg_version, MESSAGE_PART_MAX);
	if (f->fixed_versions.count > 0) {
		put(&b, "fixedVersions", string_array(&f->fixed_versions));
	}
	put_text(&b, "packagePath", f->pkg_path, MESSAGE_PART_MAX);
	put_text(&b, "image", image != NULL ? image->name : f->image, MESSAGE_PART_MAX);
	put(&b, "scanners", string_array(&f->scanners));
	return finish(&b);
}

/* [{"kind": "external", "status": "accepted", "justification": …}] for an ignored finding. */
static cJSON *suppressions_json(sarif_context *sc, const assay_finding *f)
{
	sarif_buf *justification = scratch(sc, SARIF_SCRATCH_JUSTIFICATION);
	cJSON *array = cJSON_CreateArray();
	builder b;

	if (f->ignore_reason != NULL) {
		sarif_buf_add_text(justification, f->ignore_reason, MESSAGE_PART_MAX, false);
	} else {
		sarif_buf_add(justification, "ignored by rule ");
		sarif_buf_add_text(justification, f->ignore_rule != NULL ? f->ignore_rule : "?",
				   MESSAGE_PART_MAX, true);
	}
	if (f->ignore_source != NULL) {
		sarif_buf_add(justification, " (");
		sarif_buf_add_text(justification, f->ignore_source, MESSAGE_PART_MAX, true);
		sarif_buf_add(justification, ")");
	}
	builder_init(&b, cJSON_CreateObject());
	put(&b, "kind", cJSON_CreateStringReference("external"));
	put(&b, "status", cJSON_CreateStringReference("accepted"));
	put(&b, "justification", scratch_json(justification));
	if (array != NULL && !append(array, finish(&b))) {
		cJSON_Delete(array);
		array = NULL;
	}
	return array;
}

int sarif_result_json(cJSON **out, sarif_context *sc, const assay_finding *f, size_t rule_index)
{
	const assay_image *image = assay_image_of(sc->ctx, f);
	sarif_buf *message = scratch(sc, SARIF_SCRATCH_MESSAGE);
	result_location loc = {0};
	builder fingerprints;
	builder b;
	int err;

	builder_init(&b, NULL);
	err = resolve_location(&loc, sc, f, image);
	if (err != 0) {
		goto out;
	}

	add_message(message, sc, f, image);
	builder_init(&fingerprints, cJSON_CreateObject());
	/* The core leaves the fingerprint empty only when it ran out of memory. */
	put(&fingerprints, "assayFingerprint/v1",
	    cJSON_CreateStringReference(f->fingerprint[0] != '\0' ? f->fingerprint
								   : sarif_rule_id(f)));

	builder_init(&b, cJSON_CreateObject());
	put(&b, "ruleId", sarif_json_text(sarif_rule_id(f), 0));
	put(&b, "ruleIndex", cJSON_CreateNumber((double)rule_index));
	put(&b, "level", cJSON_CreateStringReference(level_of(f->severity)));
	put(&b, "message", text_object(message));
	put(&b, "locations", locations_json(&loc));
	put(&b, "partialFingerprints", finish(&fingerprints));
	if (f->ignored) {
		put(&b, "suppressions", suppressions_json(sc, f));
	}
	put(&b, "properties", result_properties(f, image));
	err = b.ok ? 0 : ASSAY_ENOMEM;
	if (err != 0) {
		goto out;
	}

	*out = b.object;
	b.object = NULL;
out:
	cJSON_Delete(b.object);
	free(loc.uri);
	return err;
}
