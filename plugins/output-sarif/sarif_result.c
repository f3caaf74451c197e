/* SPDX-License-Identifier: Apache-2.0 */
/* The rule and result objects of the SARIF output, printed one finding at a time. */
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

/* Reset and return one scratch buffer of the context. */
static sarif_buf *scratch(sarif_context *sc, int which)
{
	sarif_buf_reset(&sc->scratch[which]);
	return &sc->scratch[which];
}

/* Append `,"key":` of a literal key that follows another member. */
static void key(sarif_buf *out, const char *name)
{
	sarif_buf_add_len(out, ",\"", 2);
	sarif_buf_add(out, name);
	sarif_buf_add_len(out, "\":", 2);
}

/* Append `,"key":<text>` when `value` is set, cut and repaired as sarif_json_text does. */
static void put_text(sarif_buf *out, sarif_context *sc, const char *name, const char *value,
		     size_t max_chars)
{
	if (value != NULL) {
		key(out, name);
		sarif_buf_add_json_text(out, value, max_chars, &sc->scratch[SARIF_SCRATCH_REPAIR]);
	}
}

/* {"text": <text>} */
static void text_object(sarif_buf *out, const sarif_buf *text)
{
	sarif_buf_add(out, "{\"text\":");
	sarif_buf_add_json_buf(out, text);
	sarif_buf_add(out, "}");
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

static void help_object(sarif_buf *out, sarif_context *sc, const assay_finding *f)
{
	sarif_buf *text = scratch(sc, SARIF_SCRATCH_HELP_TEXT);
	sarif_buf *markdown = scratch(sc, SARIF_SCRATCH_HELP_MARKDOWN);

	add_help_text(text, f);
	add_help_markdown(markdown, f);
	sarif_buf_add(out, "{\"text\":");
	sarif_buf_add_json_buf(out, text);
	sarif_buf_add(out, ",\"markdown\":");
	sarif_buf_add_json_buf(out, markdown);
	sarif_buf_add(out, "}");
}

/* The tags printed so far; a repaired or cut tag is owned. */
typedef struct {
	const char *text[RULE_TAGS_MAX];
	char *owned[RULE_TAGS_MAX];
	size_t count;
} tag_list;

/* Append `tag` unless present or the list is full. Returns false on out-of-memory. */
static bool add_tag(tag_list *tags, const char *tag)
{
	char *copy;
	bool oom = false;
	size_t i;

	if (tag == NULL || tag[0] == '\0' || tags->count >= RULE_TAGS_MAX) {
		return true;
	}
	/* The raw tag is compared with the kept tags as printed (cut and repaired). */
	for (i = 0; i < tags->count; i++) {
		if (strcmp(tags->text[i], tag) == 0) {
			return true;
		}
	}
	copy = sarif_text_cut(tag, 64, &oom);
	if (oom) {
		return false;
	}
	tags->owned[tags->count] = copy;
	tags->text[tags->count] = copy != NULL ? copy : tag;
	tags->count++;
	return true;
}

/* "tags":["security", kind, category, analyzer tags …], at most RULE_TAGS_MAX. */
static int print_tags(sarif_buf *out, const assay_finding *f)
{
	tag_list tags = {0};
	bool ok = add_tag(&tags, "security") && add_tag(&tags, assay_kind_name(f->kind));
	size_t i;

	if (ok && f->known_exploited == 1) {
		ok = add_tag(&tags, "known-exploited");
	}
	if (ok && f->category != NULL && strlen(f->category) <= 64 &&
	    strpbrk(f->category, "\n\r\t") == NULL) {
		ok = add_tag(&tags, f->category);
	}
	for (i = 0; ok && i < f->tags.count; i++) {
		ok = add_tag(&tags, f->tags.items[i]);
	}
	sarif_buf_add(out, "\"tags\":[");
	for (i = 0; i < tags.count; i++) {
		if (i > 0) {
			sarif_buf_add(out, ",");
		}
		sarif_buf_add_json_string(out, tags.text[i]);
		free(tags.owned[i]);
	}
	sarif_buf_add(out, "]");
	return ok ? 0 : ASSAY_ENOMEM;
}

static void put_score(sarif_buf *out, const char *name, double score)
{
	if (score >= 0) {
		key(out, name);
		sarif_buf_add_json_number(out, score);
	}
}

/* The scanners' CVSS data as they gave it: [{"source", "v3Score", "v3Vector", …}]. */
static void print_cvss(sarif_buf *out, sarif_context *sc, const assay_finding *f)
{
	size_t i;

	sarif_buf_add(out, ",\"cvss\":[");
	for (i = 0; i < f->cvss_count; i++) {
		const assay_cvss *c = &f->cvss[i];
		size_t start;

		sarif_buf_add(out, i > 0 ? ",{" : "{");
		start = out->len;
		put_text(out, sc, "source", c->source, 100);
		put_score(out, "v2Score", c->v2_score);
		put_text(out, sc, "v2Vector", c->v2_vector, 200);
		put_score(out, "v3Score", c->v3_score);
		put_text(out, sc, "v3Vector", c->v3_vector, 200);
		put_score(out, "v4Score", c->v4_score);
		put_text(out, sc, "v4Vector", c->v4_vector, 300);
		/* Every member was added with a leading comma: drop the first one. */
		if (!out->failed && out->len > start) {
			memmove(out->data + start, out->data + start + 1, out->len - start);
			out->len--;
		}
		sarif_buf_add(out, "}");
	}
	sarif_buf_add(out, "]");
}

int sarif_rule_print(sarif_buf *out, sarif_context *sc, const assay_finding *f)
{
	sarif_buf *short_text = scratch(sc, SARIF_SCRATCH_SHORT);
	sarif_buf *full_text = scratch(sc, SARIF_SCRATCH_FULL);
	int err;

	sarif_buf_add(out, "{\"id\":");
	sarif_buf_add_json_text(out, sarif_rule_id(f), 0, &sc->scratch[SARIF_SCRATCH_REPAIR]);
	sarif_buf_add_text(short_text, headline_of(f), SHORT_TEXT_MAX, true);
	sarif_buf_add(out, ",\"shortDescription\":");
	text_object(out, short_text);
	sarif_buf_add_text(full_text, f->description != NULL ? f->description : headline_of(f),
			   LONG_TEXT_MAX, false);
	sarif_buf_add(out, ",\"fullDescription\":");
	text_object(out, full_text);
	sarif_buf_add(out, ",\"help\":");
	help_object(out, sc, f);
	if (sarif_is_http_url(f->primary_url)) {
		sarif_buf_add(out, ",\"helpUri\":");
		sarif_buf_add_json_string(out, f->primary_url);
	}
	sarif_buf_add(out, ",\"defaultConfiguration\":{\"level\":\"");
	sarif_buf_add(out, level_of(f->severity));
	sarif_buf_add(out, "\"},\"properties\":{");
	err = print_tags(out, f);
	sarif_buf_add(out, ",\"security-severity\":\"");
	sarif_buf_add(out, security_severity_of(f->severity));
	sarif_buf_add(out, "\"");
	if (f->cvss_count > 0) {
		print_cvss(out, sc, f);
	}
	sarif_buf_add(out, "}}");
	return err != 0 || out->failed ? ASSAY_ENOMEM : 0;
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

static void print_locations(sarif_buf *out, const result_location *loc)
{
	sarif_buf_add(out, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	sarif_buf_add_json_string(out, loc->uri);
	sarif_buf_add(out, "},\"region\":{\"startLine\":");
	sarif_buf_add_json_number(out, loc->start_line);
	if (loc->end_line > 0) {
		sarif_buf_add(out, ",\"endLine\":");
		sarif_buf_add_json_number(out, loc->end_line);
	}
	sarif_buf_add(out, "}}}]");
}

/* ,"key":[texts …]; a NULL item counts as out-of-memory, as before. */
static void put_strings(sarif_buf *out, sarif_context *sc, const char *name,
			const assay_strlist *list)
{
	size_t i;

	key(out, name);
	sarif_buf_add(out, "[");
	for (i = 0; i < list->count; i++) {
		if (list->items[i] == NULL) {
			out->failed = true;
			return;
		}
		if (i > 0) {
			sarif_buf_add(out, ",");
		}
		sarif_buf_add_json_text(out, list->items[i], MESSAGE_PART_MAX,
					&sc->scratch[SARIF_SCRATCH_REPAIR]);
	}
	sarif_buf_add(out, "]");
}

static void print_properties(sarif_buf *out, sarif_context *sc, const assay_finding *f,
			     const assay_image *image)
{
	sarif_buf_add(out, ",\"properties\":{\"severity\":");
	sarif_buf_add_json_string(out, assay_severity_name(f->severity));
	sarif_buf_add(out, ",\"kind\":");
	sarif_buf_add_json_string(out, assay_kind_name(f->kind));
	put_text(out, sc, "package", f->pkg_name, MESSAGE_PART_MAX);
	put_text(out, sc, "installedVersion", f->pkg_version, MESSAGE_PART_MAX);
	if (f->fixed_versions.count > 0) {
		put_strings(out, sc, "fixedVersions", &f->fixed_versions);
	}
	put_text(out, sc, "packagePath", f->pkg_path, MESSAGE_PART_MAX);
	put_text(out, sc, "image", image != NULL ? image->name : f->image, MESSAGE_PART_MAX);
	put_strings(out, sc, "scanners", &f->scanners);
	sarif_buf_add(out, "}");
}

/* ,"suppressions":[{"kind": "external", "status": "accepted", "justification": …}]. */
static void print_suppressions(sarif_buf *out, sarif_context *sc, const assay_finding *f)
{
	sarif_buf *justification = scratch(sc, SARIF_SCRATCH_JUSTIFICATION);

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
	sarif_buf_add(out, ",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\","
			   "\"justification\":");
	sarif_buf_add_json_buf(out, justification);
	sarif_buf_add(out, "}]");
}

int sarif_result_print(sarif_buf *out, sarif_context *sc, const assay_finding *f,
		       size_t rule_index)
{
	const assay_image *image = assay_image_of(sc->ctx, f);
	sarif_buf *message = scratch(sc, SARIF_SCRATCH_MESSAGE);
	result_location loc = {0};
	int err;

	err = resolve_location(&loc, sc, f, image);
	if (err != 0) {
		goto out;
	}
	add_message(message, sc, f, image);
	sarif_buf_add(out, "{\"ruleId\":");
	sarif_buf_add_json_text(out, sarif_rule_id(f), 0, &sc->scratch[SARIF_SCRATCH_REPAIR]);
	sarif_buf_add(out, ",\"ruleIndex\":");
	sarif_buf_add_json_number(out, (double)rule_index);
	sarif_buf_add(out, ",\"level\":\"");
	sarif_buf_add(out, level_of(f->severity));
	sarif_buf_add(out, "\",\"message\":");
	text_object(out, message);
	print_locations(out, &loc);
	/* The core leaves the fingerprint empty only when it ran out of memory. */
	sarif_buf_add(out, ",\"partialFingerprints\":{\"assayFingerprint/v1\":");
	sarif_buf_add_json_string(out, f->fingerprint[0] != '\0' ? f->fingerprint
								  : sarif_rule_id(f));
	sarif_buf_add(out, "}");
	if (f->ignored) {
		print_suppressions(out, sc, f);
	}
	print_properties(out, sc, f, image);
	sarif_buf_add(out, "}");
	err = out->failed ? ASSAY_ENOMEM : 0;
out:
	free(loc.uri);
	return err;
}
