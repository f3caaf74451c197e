/* SPDX-License-Identifier: Apache-2.0 */
/* Rules on Clair's text fields: vulnerability ids and aliases, severities, OS families, fixes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clair.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_alnum(char c)
{
	return is_digit(c) || is_upper(c) || is_lower(c);
}

/* Length of the CVE id at `p` (CVE-, four digits, -, four digits or more), or 0. */
static size_t cve_length(const char *p)
{
	size_t i;

	if (strncmp(p, "CVE-", 4) != 0) {
		return 0;
	}
	for (i = 4; i < 8; i++) {
		if (!is_digit(p[i])) {
			return 0;
		}
	}
	if (p[8] != '-') {
		return 0;
	}
	for (i = 9; is_digit(p[i]); i++) {
	}
	return i - 9 >= 4 ? i : 0;
}

/* Length of the GHSA id at `p` (GHSA-xxxx-xxxx-xxxx in digits and lowercase), or 0. */
static size_t ghsa_length(const char *p)
{
	size_t i = 4;
	int group;
	int k;

	if (strncmp(p, "GHSA", 4) != 0) {
		return 0;
	}
	for (group = 0; group < 3; group++) {
		if (p[i] != '-') {
			return 0;
		}
		i++;
		for (k = 0; k < 4; k++, i++) {
			if (!is_digit(p[i]) && !is_lower(p[i])) {
				return 0;
			}
		}
	}
	return i;
}

bool clair_is_cve(clair_span span)
{
	return span.text && span.len > 0 && cve_length(span.text) == span.len;
}

static clair_span first_cve(const char *text)
{
	const char *p = text;

	while (p) {
		p = strstr(p, "CVE-");
		if (p && cve_length(p) > 0) {
			return (clair_span){p, cve_length(p)};
		}
		if (p) {
			p += 4;
		}
	}
	return (clair_span){NULL, 0};
}

/* Whether `prefix` (before the first '-') starts an advisory id: "RHSA", "ALAS2", "pyup.io". */
static bool is_advisory_prefix(const char *prefix, size_t len)
{
	bool dotted = false;
	size_t i;

	if (len == 0) {
		return false;
	}
	if (is_upper(prefix[0])) {
		for (i = 1; i < len; i++) {
			if (!is_upper(prefix[i]) && !is_digit(prefix[i])) {
				return false;
			}
		}
		return true;
	}
	if (!is_lower(prefix[0])) {
		return false;
	}
	/* Lowercase prefixes must be dotted names, so "use-after-free" is no id. */
	for (i = 1; i < len; i++) {
		if (prefix[i] == '.') {
			if (prefix[i - 1] == '.' || i + 1 == len) {
				return false;
			}
			dotted = true;
		} else if (!is_lower(prefix[i]) && !is_digit(prefix[i])) {
			return false;
		}
	}
	return dotted;
}

/*
 * The first word of `name`, less one trailing ':' or ',', when it is an
 * advisory id: a prefix as above, '-', then letters, digits and ":._-"
 * with at least one digit ("RHSA-2023:5837", "GHSA-jq35-85cj-fj4p").
 * Unpatched Red Hat entries are named by their title ("ncurses: heap
 * overflow … (low)"), which this rejects.
 */
static clair_span advisory_token(const char *name)
{
	size_t len = strcspn(name, " ");
	size_t dash = 0;
	size_t i;
	bool digit = false;

	if (len > 0 && (name[len - 1] == ':' || name[len - 1] == ',')) {
		len--;
	}
	while (dash < len && name[dash] != '-') {
		dash++;
	}
	if (dash + 1 >= len || !is_advisory_prefix(name, dash) || !is_alnum(name[dash + 1])) {
		return (clair_span){NULL, 0};
	}
	for (i = dash + 1; i < len; i++) {
		char c = name[i];

		if (!is_alnum(c) && c != ':' && c != '.' && c != '_' && c != '-') {
			return (clair_span){NULL, 0};
		}
		digit = digit || is_digit(c);
	}
	return digit ? (clair_span){name, len} : (clair_span){NULL, 0};
}

clair_span clair_vulnerability_id(const char *name, const char *links)
{
	clair_span span = {NULL, 0};

	if (name && cve_length(name) > 0) {
		return (clair_span){name, cve_length(name)};
	}
	if (name) {
		span = advisory_token(name);
	}
	if (!span.text) {
		span = first_cve(links);
	}
	if (!span.text) {
		span = first_cve(name);
	}
	if (!span.text && name) {
		span = (clair_span){name, strlen(name)};
	}
	return span;
}

int clair_append_ids(assay_ctx *ctx, assay_finding *finding, const char *text, clair_span id)
{
	const char *p = text;
	char copy[64];

	while (p && *p) {
		size_t len = cve_length(p);

		if (len == 0) {
			len = ghsa_length(p);
		}
		if (len == 0) {
			p++;
			continue;
		}
		/* An id too long for the buffer is no real id: skip it. */
		if (len < sizeof(copy) && !(len == id.len && memcmp(p, id.text, len) == 0)) {
			memcpy(copy, p, len);
			copy[len] = '\0';
			if (assay_finding_append(ctx, finding, ASSAY_LIST_ALIASES, copy) != 0) {
				return ASSAY_ENOMEM;
			}
		}
		p += len;
	}
	return 0;
}

assay_severity clair_severity(const char *word)
{
	if (word && strcasecmp(word, "Defcon1") == 0) {
		return ASSAY_SEVERITY_CRITICAL;
	}
	return assay_severity_parse(word);
}

const char *clair_os_package_type(const char *family, size_t len)
{
	static const struct {
		const char *family;
		const char *type;
	} table[] = {
	    /* clang-format off */
	    {"debian", "deb"}, {"ubuntu", "deb"},
	    {"alpine", "apk"},
	    {"rhel", "rpm"}, {"centos", "rpm"}, {"fedora", "rpm"}, {"ol", "rpm"},
	    {"oracle", "rpm"}, {"amzn", "rpm"}, {"suse", "rpm"}, {"sles", "rpm"},
	    {"opensuse", "rpm"}, {"photon", "rpm"}, {"rocky", "rpm"}, {"almalinux", "rpm"},
	    /* clang-format on */
	};
	size_t i;

	for (i = 0; family && i < sizeof(table) / sizeof(*table); i++) {
		if (strlen(table[i].family) == len && strncmp(table[i].family, family, len) == 0) {
			return table[i].type;
		}
	}
	return NULL;
}

int clair_record_namespace(clair_reader *reader, assay_image *image, const char *namespace_name)
{
	const char *colon = namespace_name ? strchr(namespace_name, ':') : NULL;
	char family[64];
	size_t len = colon ? (size_t)(colon - namespace_name) : 0;

	if (!image || image->os_family || !colon || len == 0 || len >= sizeof(family) ||
	    colon[1] == '\0') {
		return 0;
	}
	memcpy(family, namespace_name, len);
	family[len] = '\0';
	if (assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_FAMILY, family) != 0 ||
	    assay_image_set(reader->ctx, image, ASSAY_IMAGE_OS_NAME, colon + 1) != 0) {
		return clair_nomem(reader);
	}
	return 0;
}

/*
 * Fixed version and fix state. Clair writes one string that may hold
 * several versions or a range; it stays one entry. An empty string gives
 * `unfixed`. Debian marks a release that was never affected with fixed
 * version "0", which Clair v4's Debian OVAL updater passes on as "0:0":
 * that names no real fix, so the state stays unknown.
 */
int clair_set_fix(assay_ctx *ctx, assay_finding *finding, const char *fixed,
		  assay_fix_state unfixed)
{
	if (!fixed) {
		finding->fix_state = unfixed;
		return 0;
	}
	if (strcmp(fixed, "0") == 0 || strcmp(fixed, "0:0") == 0) {
		finding->fix_state = ASSAY_FIX_UNKNOWN;
		return 0;
	}
	finding->fix_state = ASSAY_FIX_FIXED;
	return assay_finding_append(ctx, finding, ASSAY_LIST_FIXED_VERSIONS, fixed);
}

/*
 * The first URL of the space-separated `links` becomes the primary URL,
 * the rest the other URLs.
 */
int clair_set_links(assay_ctx *ctx, assay_finding *finding, const char *links)
{
	char *copy = links ? strdup(links) : NULL;
	char *cursor = copy;
	char *token = NULL;
	bool first = true;
	int err = 0;

	if (links && !copy) {
		return ASSAY_ENOMEM;
	}
	while (cursor && !err) {
		cursor += strspn(cursor, " \t\r\n");
		if (*cursor == '\0') {
			break;
		}
		token = cursor;
		cursor += strcspn(cursor, " \t\r\n");
		if (*cursor != '\0') {
			*cursor++ = '\0';
		}
		if (first) {
			err = assay_finding_set(ctx, finding, ASSAY_FIELD_PRIMARY_URL, token);
			first = false;
		} else {
			err = assay_finding_append(ctx, finding, ASSAY_LIST_URLS, token);
		}
	}
	free(copy);
	return err;
}

int clair_set_identity(assay_ctx *ctx, assay_finding *finding, const char *name, const char *links,
		       const char *description)
{
	clair_span id = clair_vulnerability_id(name, links);
	int err = assay_finding_set_len(ctx, finding, ASSAY_FIELD_ID, id.text, id.len);

	/* Names that are more than the id ("CVE-2022-23219 glibc", "RHSA-…: nghttp2
	 * security update (Important)") are kept whole as the title. */
	if (!err && name && strlen(name) != id.len) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_TITLE, name);
	}
	if (!err) {
		err = clair_append_ids(ctx, finding, name, id);
	}
	if (!err) {
		err = clair_append_ids(ctx, finding, links, id);
	}
	/* An advisory's description lists the CVEs it fixes; a CVE's description
	 * may cite other, unrelated CVEs, so it is not searched. */
	if (!err && !clair_is_cve(id)) {
		err = clair_append_ids(ctx, finding, description, id);
	}
	return err;
}
