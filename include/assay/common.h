/* SPDX-License-Identifier: Apache-2.0 */
/* Shared basics of the public API: export macro, error codes and enums. */
#ifndef ASSAY_COMMON_H
#define ASSAY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ASSAY_EXPORT __attribute__((visibility("default")))
#define ASSAY_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define ASSAY_EXPORT
#define ASSAY_PRINTF(fmt, args)
#endif

/*
 * Return codes. Every function of the API that can fail returns 0 or one
 * of these negative values. The message that goes with it is kept on the
 * run and printed by the CLI.
 */
enum {
	ASSAY_OK = 0,
	ASSAY_EINVAL = -1,  /* invalid argument or usage */
	ASSAY_ENOMEM = -2,  /* out of memory */
	ASSAY_ENOTFOUND = -3, /* file, plugin or item not found */
	ASSAY_EIO = -4,     /* read or write failed */
	ASSAY_EPARSE = -5,  /* input is not valid for its format */
	ASSAY_EABI = -6,    /* plugin ABI mismatch or bad descriptor */
	ASSAY_EPOLICY = -7, /* policy error */
	ASSAY_ELIMIT = -8   /* a size, depth or count limit was exceeded */
};

/* Severities in ascending order, so the higher of two is the larger value. */
typedef enum {
	ASSAY_SEVERITY_UNKNOWN = 0,
	ASSAY_SEVERITY_LOW = 1,
	ASSAY_SEVERITY_MEDIUM = 2,
	ASSAY_SEVERITY_HIGH = 3,
	ASSAY_SEVERITY_CRITICAL = 4
} assay_severity;

#define ASSAY_SEVERITY_COUNT 5

typedef enum {
	ASSAY_KIND_VULNERABILITY = 0,
	ASSAY_KIND_MISCONFIGURATION = 1,
	ASSAY_KIND_SECRET = 2,
	ASSAY_KIND_LICENSE = 3
} assay_kind;

#define ASSAY_KIND_COUNT 4

typedef enum {
	ASSAY_FIX_UNKNOWN = 0,
	ASSAY_FIX_FIXED = 1,     /* a fixed version exists */
	ASSAY_FIX_NOT_FIXED = 2, /* affected, no fix released yet */
	ASSAY_FIX_WONT_FIX = 3   /* the vendor declared it will not be fixed */
} assay_fix_state;

typedef enum {
	ASSAY_BASELINE_NONE = 0, /* no baseline was given */
	ASSAY_BASELINE_NEW = 1,
	ASSAY_BASELINE_KNOWN = 2
} assay_baseline_state;

typedef enum {
	ASSAY_LOG_ERROR = 0,
	ASSAY_LOG_WARN = 1,
	ASSAY_LOG_INFO = 2,
	ASSAY_LOG_DEBUG = 3
} assay_log_level;

/* Uppercase name of a severity ("CRITICAL" … "UNKNOWN"); never NULL. */
ASSAY_EXPORT const char *assay_severity_name(assay_severity severity);

/*
 * Map a scanner's severity word to a severity, case-insensitively:
 * critical, high, medium (also moderate), low, negligible (to LOW);
 * anything else, NULL included, is UNKNOWN.
 */
ASSAY_EXPORT assay_severity assay_severity_parse(const char *word);

/* Lowercase name of a kind ("vulnerability", "misconfiguration", …). */
ASSAY_EXPORT const char *assay_kind_name(assay_kind kind);

/* Name of a fix state: "fixed", "not-fixed", "wont-fix" or "unknown". */
ASSAY_EXPORT const char *assay_fix_state_name(assay_fix_state state);

#ifdef __cplusplus
}
#endif

#endif
