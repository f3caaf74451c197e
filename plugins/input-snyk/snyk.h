/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface of the Snyk input plugin: list reads and the vulnerability details. */
#ifndef ASSAY_SNYK_H
#define ASSAY_SNYK_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>
#include <assay/json.h>

/* State of one read: the callback's ctx and the JSON path of the value being read. */
typedef struct {
	assay_ctx *ctx;
	assay_json_path path;
} snyk_reader;

/* Record an out-of-memory error at the current path and return ASSAY_ENOMEM. */
int snyk_nomem(snyk_reader *reader);

/*
 * The string at `index` of `array`, whose path is PATH.key; the lookup
 * walks the list, so use it for the first items only. JSON null and ""
 * give NULL, and any other non-string is an ASSAY_EPARSE error.
 */
int snyk_string_at(snyk_reader *reader, const cJSON *array, const char *key, size_t index,
		   const char **out);

/*
 * Append every string of the list `key` of `object` to `list` of
 * `finding`, skipping `except` (may be NULL). A missing list is no error.
 */
int snyk_append_strings(snyk_reader *reader, assay_finding *finding, assay_list list,
			const cJSON *object, const char *key, const char *except);

/* The fields of one vulnerability that identify it and its package. */
typedef struct {
	const char *snyk_id;
	const char *id;	      /* the first CVE id, else the Snyk id; a license's name */
	const char *pkg_name; /* the binary package of "source/binary" names, see snyk.c */
	const char *version;
	const char *pkg_manager; /* the vulnerability's own, "debian:11" in containers */
	bool license;
} snyk_vuln;

/*
 * Read the fields that are the same on every dependency path of a
 * vulnerability (title, description, published date, aliases, CWEs,
 * references, CVSS, exploit data, advisory URL) into `finding`. Returns 0
 * or the code of assay_error().
 */
int snyk_fill_details(snyk_reader *reader, assay_finding *finding, const snyk_vuln *vuln,
		      const cJSON *item);

#endif
