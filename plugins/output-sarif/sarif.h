/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations shared by the files of the SARIF output plugin. */
#ifndef ASSAY_OUTPUT_SARIF_H
#define ASSAY_OUTPUT_SARIF_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>

/* ---- sarif_text.c: strings ---- */

/* A growable string; `failed` turns true at the first failed allocation and stays true. */
typedef struct {
	char *data;
	size_t len;
	size_t capacity;
	bool failed;
} sarif_buf;

void sarif_buf_add_len(sarif_buf *b, const char *text, size_t len);
void sarif_buf_add(sarif_buf *b, const char *text);
void sarif_buf_addf(sarif_buf *b, const char *fmt, ...) ASSAY_PRINTF(2, 3);
void sarif_buf_reset(sarif_buf *b);
void sarif_buf_dispose(sarif_buf *b);

/*
 * Append `text` as valid UTF-8: invalid bytes and control characters
 * other than line breaks and tabs become U+FFFD. With
 * `max_chars` > 0 at most that many code points are kept and "…" marks
 * the cut. With `one_line`, line breaks and tabs become spaces.
 */
void sarif_buf_add_text(sarif_buf *b, const char *text, size_t max_chars, bool one_line);

/*
 * Append `text` escaped for GitHub-flavoured Markdown: the characters
 * that start emphasis, links, HTML, code spans, tables and entities get a
 * backslash, so the text renders as itself. Same `max_chars`, `one_line`
 * and replacements as sarif_buf_add_text.
 */
void sarif_buf_add_markdown(sarif_buf *b, const char *text, size_t max_chars, bool one_line);

/* Append an http(s) URL for a Markdown link target, percent-encoding what would end it. */
void sarif_buf_add_link_target(sarif_buf *b, const char *url);

/*
 * A cJSON string of `text` cut to `max_chars` code points (0: no cut).
 * Valid UTF-8 within the limit is added by reference (the run keeps it
 * alive); anything else is copied with invalid bytes replaced. NULL on
 * out-of-memory or when `text` is NULL.
 */
cJSON *sarif_json_text(const char *text, size_t max_chars);

/*
 * A malloc'ed copy of `text` repaired as sarif_json_text repairs it (no
 * cut), or NULL when `text` is clean already or on out-of-memory (`*oom`).
 */
char *sarif_text_repair(const char *text, bool *oom);

/*
 * Append `text` as a quoted JSON string, escaped byte for byte as cJSON
 * prints it: '"', '\\' and control characters only, so UTF-8 stays as is.
 */
void sarif_buf_add_json_string(sarif_buf *b, const char *text);

/*
 * Append the JSON string that sarif_json_text(text, max_chars) would hold;
 * `repair` is a scratch buffer for text that needs repairing or cutting.
 */
void sarif_buf_add_json_text(sarif_buf *b, const char *text, size_t max_chars, sarif_buf *repair);

/* Append the string built in `text` as JSON; a failed `text` fails `b`. */
void sarif_buf_add_json_buf(sarif_buf *b, const sarif_buf *text);

/* Append `number` with the digits cJSON prints for it. */
void sarif_buf_add_json_number(sarif_buf *b, double number);

/*
 * A malloc'ed copy of `text` cut to `max_chars` code points and repaired
 * as sarif_json_text does, or NULL when `text` is clean and short enough
 * already or on out-of-memory (`*oom`).
 */
char *sarif_text_cut(const char *text, size_t max_chars, bool *oom);

/* A cJSON copy of a string built in `b`; NULL when building it failed. */
cJSON *sarif_json_buf(const sarif_buf *b);

/* Whether `url` is an absolute http:// or https:// URL without spaces or control characters. */
bool sarif_is_http_url(const char *url);

/*
 * Turn a file path into a relative URI reference for
 * artifactLocation.uri: backslashes become slashes, a file:// prefix,
 * leading slashes and "./" and "../" segments are dropped, and every byte
 * outside RFC 3986's unreserved characters, sub-delims, "@" and "/" is
 * percent-encoded. ":" is always encoded, so the result never parses as a
 * URI with a scheme (an image reference such as alpine:3.19 would).
 * Returns a malloc'ed string, or NULL when nothing is left or on
 * out-of-memory (`*oom` tells which).
 */
char *sarif_uri_from_path(const char *path, bool *oom);

/* ---- sarif_dockerfile.c: anchoring findings to Dockerfile lines ---- */

typedef struct sarif_dockerfile sarif_dockerfile;

/*
 * Read and parse the Dockerfile at `path` (at most 1 MiB). Returns 0,
 * or the code of assay_error() when it cannot be read or is too large.
 */
int sarif_dockerfile_load(sarif_dockerfile **out, assay_ctx *ctx, const char *path);
void sarif_dockerfile_free(sarif_dockerfile *dockerfile);

/* The relative URI of the Dockerfile, never NULL or empty. */
const char *sarif_dockerfile_uri(const sarif_dockerfile *dockerfile);

/* Line of the last FROM instruction, or 1 when the file has none. */
int sarif_dockerfile_from_line(const sarif_dockerfile *dockerfile);

/*
 * Line of the instruction that created `layer` (a diff id) of `image`,
 * found by matching the image history with the instructions after the
 * last FROM; the last FROM line when the history does not say. Results
 * are cached per image. Returns the line, or -1 on out-of-memory.
 */
int sarif_dockerfile_layer_line(sarif_dockerfile *dockerfile, const assay_image *image,
				const char *layer);

/* ---- sarif_result.c: rules and results ---- */

/* Buffers for the texts of the item being built, one per field that needs one. */
enum {
	SARIF_SCRATCH_SHORT,
	SARIF_SCRATCH_FULL,
	SARIF_SCRATCH_HELP_TEXT,
	SARIF_SCRATCH_HELP_MARKDOWN,
	SARIF_SCRATCH_MESSAGE,
	SARIF_SCRATCH_JUSTIFICATION,
	SARIF_SCRATCH_REPAIR,
	SARIF_SCRATCH_COUNT
};

/*
 * What building a rule or a result needs. The built texts live in
 * `scratch`, which is reused from item to item. Reuse matters: a fresh buffer per text
 * made malloc the largest cost of a 25,000-result file.
 */
typedef struct {
	assay_ctx *ctx;
	sarif_dockerfile *dockerfile; /* NULL without --dockerfile */
	bool several_images;          /* results then name their image */
	sarif_buf scratch[SARIF_SCRATCH_COUNT];
} sarif_context;

/* The rule id of a finding: its id, or a fixed placeholder when the id is empty. */
const char *sarif_rule_id(const assay_finding *finding);

/*
 * Append the reportingDescriptor of the rule that `finding`, its first
 * result, defines, printed as compact JSON. Returns 0, or ASSAY_ENOMEM
 * (the caller reports it).
 */
int sarif_rule_print(sarif_buf *out, sarif_context *sc, const assay_finding *finding);

/*
 * Append the result object of `finding`, printed as compact JSON. Returns
 * 0, or ASSAY_ENOMEM (the caller reports it).
 */
int sarif_result_print(sarif_buf *out, sarif_context *sc, const assay_finding *finding,
		       size_t rule_index);

#endif
