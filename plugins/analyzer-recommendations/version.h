/* SPDX-License-Identifier: Apache-2.0 */
/* Package version comparison for choosing the version that fixes every finding of a package. */
#ifndef ASSAY_RECOMMEND_VERSION_H
#define ASSAY_RECOMMEND_VERSION_H

typedef enum {
	/*
	 * Debian's ordering (epoch:upstream-revision, '~' before anything,
	 * letters before other symbols), also used for rpm and apk versions.
	 */
	VERSION_DPKG = 0,
	/*
	 * Semantic versions and Python, npm, Go and Maven versions: numbers
	 * compared numerically, a pre-release word (dev, alpha, beta, rc …)
	 * before the release, post-release words after it, build metadata
	 * after '+' left out, a leading 'v' skipped.
	 */
	VERSION_GENERIC = 1
} version_scheme;

/*
 * Skip the range operator and blanks that some advisories put before a
 * fixed version (">=4.17.11", "^1.2.3", "= 2.0"): the rest is the version.
 */
const char *version_strip_operator(const char *version);

/*
 * Compare two versions under `scheme`, setting `*order` to a negative
 * number, 0 or a positive number as `a` is lower than, equal to or higher
 * than `b`. Returns 0, or -1 when either is not a version that can be
 * ordered (empty, or not starting with a digit after an epoch or 'v'),
 * leaving `*order` unchanged.
 */
int version_compare(const char *a, const char *b, version_scheme scheme, int *order);

#endif
