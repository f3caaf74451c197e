/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that writes GitLab's container-scanning report (security report schema 15.0.7). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <assay/assay.h>

/*
 * The schema version the report declares. GitLab 15.4 and later accept
 * 15.0.0 to 15.2.x (the gitlab-security_report_schemas gem); older 15.x
 * releases validate an unknown patch against their latest 15.0 patch.
 */
#define SCHEMA_VERSION "15.0.7"

/* maxLength of the schema's fields, in code points. */
#define NAME_MAX_CHARS 255
#define DESCRIPTION_MAX_CHARS 1048576
#define SOLUTION_MAX_CHARS 7000

/* GitLab stores the first 20 identifiers of a vulnerability. */
#define IDENTIFIERS_MAX 20
#define LINKS_MAX 50

#define PRINT_BUFFER_INITIAL ((size_t)16 * 1024)

/* U+FFFD and U+2026 in UTF-8. */
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"

typedef struct {
	assay_ctx *ctx;
	FILE *out;
	char *buffer;
	size_t capacity;
	uint64_t *ids; /* open-addressing set of the ids written, 0 when empty */
	size_t id_slots;
	size_t id_count;
} gitlab_writer;

/* ---- Text ---- */

/* Length of the valid UTF-8 sequence at `s` (RFC 3629), or 0 when invalid. */
static size_t utf8_sequence_length(const unsigned char *s)
{
	if (s[0] < 0x80) {
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		unsigned char low = s[0] == 0xE0 ? 0xA0 : 0x80;
		unsigned char high = s[0] == 0xED ? 0x9F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		unsigned char low = s[0] == 0xF0 ? 0x90 : 0x80;
		unsigned char high = s[0] == 0xF4 ? 0x8F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 &&
			       (s[3] & 0xC0) == 0x80
			   ? 4
			   : 0;
	}
	return 0;
}

/* Control characters other than tab and line breaks: terminal escapes, bells … */
static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/*
 * A cJSON string of `text` with invalid UTF-8 bytes and control
 * characters replaced by U+FFFD
 * and cut to `max_chars` code points (0: no cut) with "…". With `borrow`, clean text
 * is added by reference, for strings the run keeps alive. NULL on
 * out-of-memory.
 */
static cJSON *text_json_of(const char *text, size_t max_chars, bool borrow)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t chars = 0;
	size_t keep;
	bool clean = true;
	char *copy;
	size_t len = 0;
	cJSON *item;

	for (; *s != '\0'; chars++) {
		size_t n = utf8_sequence_length(s);

		clean = clean && n > 0 && !is_control(*s);
		s += n > 0 ? n : 1;
	}
	if (clean && (max_chars == 0 || chars <= max_chars)) {
		return borrow ? cJSON_CreateStringReference(text) : cJSON_CreateString(text);
	}

	/* A cut keeps room for the ellipsis within the limit. */
	keep = max_chars > 0 && chars > max_chars ? max_chars - 1 : chars;
	/* Each byte becomes at most three, plus the ellipsis and the NUL. */
	copy = malloc(strlen(text) * 3 + 4);
	if (copy == NULL) {
		return NULL;
	}
	for (s = (const unsigned char *)text, chars = 0; *s != '\0' && chars < keep; chars++) {
		size_t n = utf8_sequence_length(s);

		if (n == 0 || is_control(*s)) {
			memcpy(copy + len, REPLACEMENT_CHARACTER, 3);
			len += 3;
			s++;
		} else {
			memcpy(copy + len, s, n);
			len += n;
			s += n;
		}
	}
	if (*s != '\0') {
		memcpy(copy + len, ELLIPSIS, 3);
		len += 3;
	}
	copy[len] = '\0';
	item = cJSON_CreateString(copy);
	free(copy);
	return item;
}

/* A string of the run, by reference when it is clean. */
static cJSON *text_json(const char *text, size_t max_chars)
{
	return text_json_of(text, max_chars, true);
}

/* A string this plugin built and frees afterwards: always copied. */
static cJSON *text_json_copy(const char *text, size_t max_chars)
{
	return text_json_of(text, max_chars, false);
}

static bool is_http_url(const char *url)
{
	const unsigned char *s;

	if (url == NULL || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)) {
		return false;
	}
	for (s = (const unsigned char *)url; *s != '\0'; s++) {
		if (*s <= 0x20 || *s >= 0x7F) {
			return false;
		}
	}
	return strlen(url) > 8;
}

/* ---- Building one vulnerability ---- */

typedef struct {
	cJSON *object;
	bool ok;
} builder;

static void builder_init(builder *b, cJSON *object)
{
	b->object = object;
	b->ok = object != NULL;
}

/* Add `item` under `key`, a literal; takes `item`. A NULL item fails the builder. */
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

/* The schema's severities: Critical, High, Medium, Low and Unknown (Info is never used). */
static const char *severity_of(assay_severity severity)
{
	switch (severity) {
	case ASSAY_SEVERITY_CRITICAL:
		return "Critical";
	case ASSAY_SEVERITY_HIGH:
		return "High";
	case ASSAY_SEVERITY_MEDIUM:
		return "Medium";
	case ASSAY_SEVERITY_LOW:
		return "Low";
	default:
		return "Unknown";
	}
}

/*
 * The identifier type of an advisory id: its lowercased prefix before the
 * first "-" ("cve", "ghsa", "rhsa", "usn", "alas" …), or "assay" when the
 * id has no such prefix.
 */
static void identifier_type(char *out, size_t size, const char *id)
{
	size_t len = 0;

	while (isalpha((unsigned char)id[len]) && len < size - 1) {
		out[len] = (char)tolower((unsigned char)id[len]);
		len++;
	}
	if (len < 2 || id[len] != '-') {
		snprintf(out, size, "assay");
		return;
	}
	out[len] = '\0';
}

static bool has_identifier(const cJSON *identifiers, const char *type, const char *value)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, identifiers)
	{
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(item, "type");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, "value");

		if (strcmp(t->valuestring, type) == 0 && strcmp(v->valuestring, value) == 0) {
			return true;
		}
	}
	return false;
}

/* Append {"type", "name", "value", "url"} unless present or the list is full. */
static bool add_identifier(cJSON *identifiers, const char *type, const char *name,
			   const char *value, const char *url)
{
	builder b;

	if (value[0] == '\0' || cJSON_GetArraySize(identifiers) >= IDENTIFIERS_MAX ||
	    has_identifier(identifiers, type, value)) {
		return true;
	}
	builder_init(&b, cJSON_CreateObject());
	put(&b, "type", cJSON_CreateString(type));
	put(&b, "name", text_json_copy(name, NAME_MAX_CHARS));
	put(&b, "value", text_json_copy(value, NAME_MAX_CHARS));
	if (url != NULL) {
		put(&b, "url", cJSON_CreateString(url));
	}
	return append(identifiers, finish(&b));
}

/* An advisory id as an identifier; CVE ids link to the NVD when no URL is given. */
static bool add_advisory(cJSON *identifiers, const char *id, const char *url)
{
	char type[16];
	char nvd[128];

	identifier_type(type, sizeof(type), id);
	if (url == NULL && strcmp(type, "cve") == 0 && strlen(id) < 64 &&
	    strspn(id + 4, "0123456789-") == strlen(id + 4)) {
		snprintf(nvd, sizeof(nvd), "https://nvd.nist.gov/vuln/detail/%s", id);
		url = nvd;
	}
	return add_identifier(identifiers, type, id, id, url);
}

/* "CWE-79" as {"type": "cwe", "name": "CWE-79", "value": "79", "url": …}. */
static bool add_cwe(cJSON *identifiers, const char *cwe)
{
	char url[96];
	const char *digits = cwe + 4;

	if (strncmp(cwe, "CWE-", 4) != 0 || digits[0] == '\0' || strlen(digits) > 9 ||
	    strspn(digits, "0123456789") != strlen(digits)) {
		return true;
	}
	snprintf(url, sizeof(url), "https://cwe.mitre.org/data/definitions/%s.html", digits);
	return add_identifier(identifiers, "cwe", cwe, digits, url);
}

/* The primary identifier first (GitLab tracks vulnerabilities by it), then aliases and CWEs. */
static cJSON *identifiers_json(const assay_finding *f)
{
	cJSON *identifiers = cJSON_CreateArray();
	bool ok = identifiers != NULL;
	size_t i;

	/* The core requires an id but not a non-empty one; the schema requires a value. */
	ok = ok && add_advisory(identifiers, f->id[0] != '\0' ? f->id : "unknown",
				is_http_url(f->primary_url) ? f->primary_url : NULL);
	for (i = 0; ok && i < f->aliases.count; i++) {
		ok = add_advisory(identifiers, f->aliases.items[i], NULL);
	}
	for (i = 0; ok && i < f->cwes.count; i++) {
		ok = add_cwe(identifiers, f->cwes.items[i]);
	}
	if (!ok) {
		cJSON_Delete(identifiers);
		return NULL;
	}
	return identifiers;
}

/* [{"url": …}] of the http(s) references, primary URL first, without repeats. */
static cJSON *links_json(const assay_finding *f)
{
	cJSON *links = cJSON_CreateArray();
	size_t i;

	for (i = 0; links != NULL && i <= f->urls.count; i++) {
		const char *url = i == 0 ? f->primary_url : f->urls.items[i - 1];
		const cJSON *item;
		bool seen = false;
		builder b;

		if (!is_http_url(url) || cJSON_GetArraySize(links) >= LINKS_MAX) {
			continue;
		}
		cJSON_ArrayForEach(item, links)
		{
			seen = seen || strcmp(cJSON_GetObjectItem(item, "url")->valuestring, url) == 0;
		}
		if (seen) {
			continue;
		}
		builder_init(&b, cJSON_CreateObject());
		put(&b, "url", cJSON_CreateStringReference(url));
		if (!append(links, finish(&b))) {
			cJSON_Delete(links);
			links = NULL;
		}
	}
	return links;
}

/* The solution text of a vulnerability (malloc'ed), or NULL on out-of-memory. */
static char *solution_of(const assay_finding *f)
{
	const char *name = f->pkg_name != NULL ? f->pkg_name : "the package";
	size_t size = strlen(name) + 128;
	char *text;
	size_t len;
	size_t i;

	for (i = 0; i < f->fixed_versions.count; i++) {
		size += strlen(f->fixed_versions.items[i]) + 2;
	}
	text = malloc(size);
	if (text == NULL) {
		return NULL;
	}
	if (f->fixed_versions.count > 0) {
		len = (size_t)snprintf(text, size, "Upgrade %s to ", name);
		for (i = 0; i < f->fixed_versions.count; i++) {
			len += (size_t)snprintf(text + len, size - len, "%s%s", i > 0 ? " or " : "",
						f->fixed_versions.items[i]);
		}
	} else if (f->fix_state == ASSAY_FIX_WONT_FIX) {
		snprintf(text, size, "The vendor will not fix %s; replace or remove it.", name);
	} else {
		snprintf(text, size, "No fixed version of %s is available yet.", name);
	}
	return text;
}

/* "alpine 3.19.1", or "Unknown" when the report does not name the OS. */
static char *operating_system_of(const assay_image *image)
{
	const char *family = image != NULL ? image->os_family : NULL;
	const char *name = image != NULL ? image->os_name : NULL;
	size_t size = 16 + (family ? strlen(family) : 0) + (name ? strlen(name) : 0);
	char *text = malloc(size);

	if (text == NULL) {
		return NULL;
	}
	if (family != NULL && family[0] != '\0') {
		snprintf(text, size, "%s%s%s", family, name != NULL ? " " : "", name ? name : "");
	} else {
		snprintf(text, size, "Unknown");
	}
	return text;
}

static cJSON *location_json(const assay_ctx *ctx, const assay_finding *f)
{
	const assay_image *image = assay_image_of(ctx, f);
	const char *image_name = image != NULL ? image->name : f->image;
	char *os = operating_system_of(image);
	builder package;
	builder dependency;
	builder b;

	if (image_name == NULL || image_name[0] == '\0') {
		image_name = f->target != NULL && f->target[0] != '\0' ? f->target : "unknown";
	}
	builder_init(&package, cJSON_CreateObject());
	put(&package, "name",
	    text_json(f->pkg_name != NULL && f->pkg_name[0] != '\0' ? f->pkg_name : "unknown",
		      NAME_MAX_CHARS));
	builder_init(&dependency, cJSON_CreateObject());
	put(&dependency, "package", finish(&package));
	if (f->pkg_version != NULL) {
		put(&dependency, "version", text_json(f->pkg_version, NAME_MAX_CHARS));
	}
	builder_init(&b, cJSON_CreateObject());
	put(&b, "dependency", finish(&dependency));
	put(&b, "operating_system", os != NULL ? text_json_copy(os, NAME_MAX_CHARS) : NULL);
	put(&b, "image", text_json(image_name, 0));
	free(os);
	return finish(&b);
}

/* FNV-1a, 64 bits, continuing from `hash`. */
static uint64_t fnv1a(uint64_t hash, const char *s)
{
	for (; *s != '\0'; s++) {
		hash ^= (unsigned char)*s;
		hash *= 1099511628211ULL;
	}
	return hash;
}

/* Remember `key`; false when it was already written. Returns -1 on out-of-memory. */
static int remember_id(gitlab_writer *w, uint64_t key)
{
	size_t slot;

	key = key != 0 ? key : 1;
	if ((w->id_count + 1) * 2 > w->id_slots) {
		size_t slots = w->id_slots == 0 ? 1024 : w->id_slots * 2;
		uint64_t *ids = calloc(slots, sizeof(*ids));
		size_t i;

		if (ids == NULL) {
			return -1;
		}
		for (i = 0; i < w->id_slots; i++) {
			if (w->ids[i] != 0) {
				slot = (size_t)w->ids[i] & (slots - 1);
				while (ids[slot] != 0) {
					slot = (slot + 1) & (slots - 1);
				}
				ids[slot] = w->ids[i];
			}
		}
		free(w->ids);
		w->ids = ids;
		w->id_slots = slots;
	}
	slot = (size_t)key & (w->id_slots - 1);
	while (w->ids[slot] != 0) {
		if (w->ids[slot] == key) {
			return 0;
		}
		slot = (slot + 1) & (w->id_slots - 1);
	}
	w->ids[slot] = key;
	w->id_count++;
	return 1;
}

/*
 * A UUID-shaped id (version 8, RFC 9562's custom layout) hashed from the
 * fingerprint and the image, so it stays the same from run to run and
 * differs between two images that share a finding. A repeat within the
 * report gets a counter mixed in.
 */
static int vulnerability_id(gitlab_writer *w, char out[37], const assay_finding *f,
			    const char *image)
{
	uint64_t high;
	uint64_t low;
	unsigned attempt;
	int fresh = 0;

	for (attempt = 0; fresh == 0; attempt++) {
		char counter[16];

		snprintf(counter, sizeof(counter), "\x1f%u", attempt);
		high = fnv1a(14695981039346656037ULL, f->fingerprint[0] ? f->fingerprint : f->id);
		high = fnv1a(fnv1a(high, "\x1f"), image);
		low = fnv1a(high ^ 0x9E3779B97F4A7C15ULL, f->id);
		if (attempt > 0) {
			high = fnv1a(high, counter);
			low = fnv1a(low, counter);
		}
		fresh = remember_id(w, high ^ low);
		if (fresh < 0) {
			return ASSAY_ENOMEM;
		}
	}
	high = (high & ~0xF000ULL) | 0x8000ULL;
	low = (low & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(out, 37, "%08llx-%04llx-%04llx-%04llx-%012llx",
		 (unsigned long long)(high >> 32), (unsigned long long)((high >> 16) & 0xFFFF),
		 (unsigned long long)(high & 0xFFFF), (unsigned long long)(low >> 48),
		 (unsigned long long)(low & 0xFFFFFFFFFFFFULL));
	return 0;
}

/* The title, else the id, else "unknown": the schema's name has at least one character. */
static const char *name_of(const assay_finding *f)
{
	if (f->title != NULL && f->title[0] != '\0') {
		return f->title;
	}
	return f->id[0] != '\0' ? f->id : "unknown";
}

static int vulnerability_json(cJSON **out, gitlab_writer *w, const assay_finding *f)
{
	const assay_image *image = assay_image_of(w->ctx, f);
	char *solution = solution_of(f);
	cJSON *links;
	char id[37];
	builder b;
	int err;

	builder_init(&b, NULL);
	err = solution != NULL ? vulnerability_id(w, id, f, image != NULL ? image->name : "")
			       : ASSAY_ENOMEM;
	if (err != 0) {
		goto out;
	}
	builder_init(&b, cJSON_CreateObject());
	put(&b, "id", cJSON_CreateString(id));
	put(&b, "name", text_json(name_of(f), NAME_MAX_CHARS));
	if (f->description != NULL) {
		put(&b, "description", text_json(f->description, DESCRIPTION_MAX_CHARS));
	}
	put(&b, "severity", cJSON_CreateStringReference(severity_of(f->severity)));
	put(&b, "solution", text_json_copy(solution, SOLUTION_MAX_CHARS));
	put(&b, "identifiers", identifiers_json(f));
	links = links_json(f);
	if (cJSON_GetArraySize(links) > 0 || links == NULL) {
		put(&b, "links", links);
	} else {
		cJSON_Delete(links);
	}
	put(&b, "location", location_json(w->ctx, f));
	err = b.ok ? 0 : ASSAY_ENOMEM;
	if (err != 0) {
		goto out;
	}

	*out = b.object;
	b.object = NULL;
out:
	cJSON_Delete(b.object);
	free(solution);
	return err;
}

/* ---- Writing ---- */

static int out_of_memory(gitlab_writer *w)
{
	return assay_error(w->ctx, ASSAY_ENOMEM, "out of memory while writing the GitLab report");
}

/* Print `item` without formatting, write it and free it; takes `item`. */
static int write_item(gitlab_writer *w, cJSON *item)
{
	int err = 0;

	if (item == NULL) {
		return out_of_memory(w);
	}
	while (w->capacity == 0 ||
	       !cJSON_PrintPreallocated(item, w->buffer, (int)w->capacity, false)) {
		size_t capacity = w->capacity == 0 ? PRINT_BUFFER_INITIAL : w->capacity * 2;
		char *buffer;

		/* cJSON takes the buffer length as an int. */
		if (capacity > (size_t)INT_MAX) {
			err = assay_error(w->ctx, ASSAY_ELIMIT,
					  "a vulnerability of the GitLab report needs more than "
					  "%zu bytes to print",
					  w->capacity);
			break;
		}
		buffer = realloc(w->buffer, capacity);
		if (buffer == NULL) {
			err = out_of_memory(w);
			break;
		}
		w->buffer = buffer;
		w->capacity = capacity;
	}
	if (err == 0) {
		fputs(w->buffer, w->out);
	}
	cJSON_Delete(item);
	return err;
}

/* The YYYY-MM-DDTHH:MM:SS form the schema requires, in UTC. */
static void format_time(char *out, size_t size, time_t when)
{
	struct tm tm;

	if (gmtime_r(&when, &tm) == NULL || strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(out, size, "1970-01-01T00:00:00");
	}
}

/* {"id", "name", "version", "vendor": {"name"}} of assay, as analyzer and as scanner. */
static cJSON *tool_json(const char *name)
{
	builder vendor;
	builder b;

	builder_init(&vendor, cJSON_CreateObject());
	put(&vendor, "name", cJSON_CreateStringReference("assay"));
	builder_init(&b, cJSON_CreateObject());
	put(&b, "id", cJSON_CreateStringReference("assay"));
	put(&b, "name", cJSON_CreateString(name));
	put(&b, "version", cJSON_CreateStringReference(assay_version()));
	put(&b, "vendor", finish(&vendor));
	return finish(&b);
}

/* "assay (trivy, grype)": the scanners behind the merged findings. */
static char *scanner_name(const assay_ctx *ctx)
{
	assay_strlist names = assay_scanner_names(ctx);
	size_t size = 16;
	size_t len;
	char *text;
	size_t i;

	for (i = 0; i < names.count; i++) {
		size += strlen(names.items[i]) + 2;
	}
	text = malloc(size);
	if (text == NULL) {
		return NULL;
	}
	len = (size_t)snprintf(text, size, "assay");
	for (i = 0; i < names.count; i++) {
		len += (size_t)snprintf(text + len, size - len, "%s%s", i == 0 ? " (" : ", ",
					names.items[i]);
	}
	if (names.count > 0) {
		snprintf(text + len, size - len, ")");
	}
	return text;
}

static cJSON *scan_json(const assay_ctx *ctx)
{
	char *scanner = scanner_name(ctx);
	char start[32];
	char end[32];
	builder b;

	format_time(start, sizeof(start), (time_t)assay_run_time(ctx));
	format_time(end, sizeof(end), time(NULL));
	builder_init(&b, cJSON_CreateObject());
	put(&b, "analyzer", tool_json("assay"));
	put(&b, "scanner", scanner != NULL ? tool_json(scanner) : NULL);
	put(&b, "type", cJSON_CreateStringReference("container_scanning"));
	put(&b, "start_time", cJSON_CreateString(start));
	put(&b, "end_time", cJSON_CreateString(end));
	put(&b, "status", cJSON_CreateStringReference("success"));
	free(scanner);
	return finish(&b);
}

/*
 * Vulnerabilities that are not ignored, in the core's order. GitLab's
 * container-scanning report has no place for misconfigurations, secrets
 * or licenses, and no field that marks a vulnerability as accepted, so
 * ignored findings are left out rather than reopened in GitLab.
 */
static int write_vulnerabilities(gitlab_writer *w)
{
	size_t count = assay_finding_count(w->ctx);
	size_t written = 0;
	size_t i;
	int err = 0;

	fputs("  \"vulnerabilities\": [", w->out);
	for (i = 0; i < count && err == 0; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);
		cJSON *item = NULL;

		if (f->kind != ASSAY_KIND_VULNERABILITY || f->ignored) {
			continue;
		}
		err = vulnerability_json(&item, w, f);
		if (err != 0) {
			return out_of_memory(w);
		}
		fputs(written++ == 0 ? "\n    " : ",\n    ", w->out);
		err = write_item(w, item);
		if (ferror(w->out)) {
			break;
		}
	}
	fputs(written == 0 ? "]\n" : "\n  ]\n", w->out);
	return err;
}

static int gitlab_write(assay_ctx *ctx, FILE *out)
{
	gitlab_writer w;
	int err;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.out = out;

	fputs("{\n  \"version\": \"" SCHEMA_VERSION "\",\n  \"scan\": ", out);
	err = write_item(&w, scan_json(ctx));
	if (err == 0) {
		fputs(",\n", out);
		err = write_vulnerabilities(&w);
	}
	if (err == 0) {
		fputs("}\n", out);
	}
	if (err == 0 && (fflush(out) != 0 || ferror(out))) {
		err = assay_error(ctx, ASSAY_EIO, "writing the GitLab report to '%s' failed: %s",
				  assay_output_path(ctx), strerror(errno));
	}
	free(w.buffer);
	free(w.ids);
	return err;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "gitlab",
	.version = "0.1.0",
	.summary = "GitLab container-scanning report (security report schema " SCHEMA_VERSION ")",
	.write = gitlab_write,
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
