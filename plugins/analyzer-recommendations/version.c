/* SPDX-License-Identifier: Apache-2.0 */
/* Version comparison: Debian's ordering and a generic one for semantic and language versions. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "version.h"

/* A piece of a version string: `len` bytes from `text`. */
typedef struct {
	const char *text;
	size_t len;
} slice;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int sign(int value)
{
	return (value > 0) - (value < 0);
}

/* Compare two runs of digits as numbers of any length. */
static int compare_numbers(slice a, slice b)
{
	while (a.len > 0 && a.text[0] == '0') {
		a.text++;
		a.len--;
	}
	while (b.len > 0 && b.text[0] == '0') {
		b.text++;
		b.len--;
	}
	if (a.len != b.len) {
		return a.len < b.len ? -1 : 1;
	}
	return a.len == 0 ? 0 : sign(memcmp(a.text, b.text, a.len));
}

/* ---- Debian ---- */

typedef struct {
	slice epoch;
	slice upstream;
	slice revision;
} dpkg_version;

/*
 * Weight of one non-digit character in Debian's ordering: '~' sorts
 * before everything, even the end of the string; letters sort before
 * other symbols. The end of a part and a digit weigh 0.
 */
static int dpkg_weight(const slice *s, size_t i)
{
	char c;

	if (i >= s->len || is_digit(s->text[i])) {
		return 0;
	}
	c = s->text[i];
	if (c == '~') {
		return -1;
	}
	if (isalpha((unsigned char)c)) {
		return (unsigned char)c;
	}
	return (unsigned char)c + 256;
}

static size_t digit_run(const slice *s, size_t i)
{
	size_t end = i;

	while (end < s->len && is_digit(s->text[end])) {
		end++;
	}
	return end - i;
}

/* Compare an upstream version or a revision: alternating non-digit and digit runs. */
static int dpkg_compare_part(slice a, slice b)
{
	size_t i = 0;
	size_t j = 0;

	while (i < a.len || j < b.len) {
		slice da;
		slice db;
		int order;

		while ((i < a.len && !is_digit(a.text[i])) || (j < b.len && !is_digit(b.text[j]))) {
			int wa = dpkg_weight(&a, i);
			int wb = dpkg_weight(&b, j);

			if (wa != wb) {
				return wa < wb ? -1 : 1;
			}
			/* Equal weights here mean the same symbol on both sides. */
			i++;
			j++;
		}
		da = (slice){a.text + i, digit_run(&a, i)};
		db = (slice){b.text + j, digit_run(&b, j)};
		order = compare_numbers(da, db);
		if (order != 0) {
			return order;
		}
		i += da.len;
		j += db.len;
	}
	return 0;
}

/* Split "epoch:upstream-revision". Returns false when the upstream part does not start with a
 * digit. */
static bool dpkg_split(const char *text, dpkg_version *out)
{
	const char *colon = strchr(text, ':');
	const char *rest = text;
	const char *dash;
	const char *c;

	out->epoch = (slice){"0", 1};
	if (colon != NULL) {
		for (c = text; c < colon; c++) {
			if (!is_digit(*c)) {
				return false;
			}
		}
		if (colon > text) {
			out->epoch = (slice){text, (size_t)(colon - text)};
		}
		rest = colon + 1;
	}
	dash = strrchr(rest, '-');
	out->upstream = (slice){rest, dash != NULL ? (size_t)(dash - rest) : strlen(rest)};
	out->revision = dash != NULL ? (slice){dash + 1, strlen(dash + 1)} : (slice){"", 0};
	return out->upstream.len > 0 && is_digit(out->upstream.text[0]);
}

static int dpkg_compare(const char *a, const char *b, int *order)
{
	dpkg_version va;
	dpkg_version vb;
	int result;

	if (!dpkg_split(a, &va) || !dpkg_split(b, &vb)) {
		return -1;
	}
	result = compare_numbers(va.epoch, vb.epoch);
	if (result == 0) {
		result = dpkg_compare_part(va.upstream, vb.upstream);
	}
	if (result == 0) {
		result = dpkg_compare_part(va.revision, vb.revision);
	}
	*order = result;
	return 0;
}

/* ---- Semantic and language versions ---- */

typedef enum { TOKEN_END, TOKEN_NUMBER, TOKEN_WORD } token_type;

typedef struct {
	token_type type;
	slice text;
} token;

/* Ranks of words; a release (the end of the version) ranks RANK_RELEASE. */
enum { RANK_DEV = 0, RANK_ALPHA, RANK_BETA, RANK_CANDIDATE, RANK_OTHER, RANK_RELEASE, RANK_POST };

static const struct {
	const char *word;
	int rank;
} word_ranks[] = {
    {"dev", RANK_DEV},
    {"snapshot", RANK_DEV},
    {"a", RANK_ALPHA},
    {"alpha", RANK_ALPHA},
    {"m", RANK_ALPHA},
    {"milestone", RANK_ALPHA},
    {"b", RANK_BETA},
    {"beta", RANK_BETA},
    {"c", RANK_CANDIDATE},
    {"rc", RANK_CANDIDATE},
    {"cr", RANK_CANDIDATE},
    {"pre", RANK_CANDIDATE},
    {"preview", RANK_CANDIDATE},
    {"final", RANK_RELEASE},
    {"ga", RANK_RELEASE},
    {"release", RANK_RELEASE},
    {"post", RANK_POST},
    {"p", RANK_POST},
    {"pl", RANK_POST},
    {"patch", RANK_POST},
    {"r", RANK_POST},
    {"rev", RANK_POST},
    {"sp", RANK_POST},
};

static int word_rank(slice word)
{
	size_t i;

	for (i = 0; i < sizeof(word_ranks) / sizeof(word_ranks[0]); i++) {
		if (strlen(word_ranks[i].word) == word.len &&
		    strncasecmp(word_ranks[i].word, word.text, word.len) == 0) {
			return word_ranks[i].rank;
		}
	}
	/* An unknown word is a pre-release, as any hyphenated suffix is in semantic versioning. */
	return RANK_OTHER;
}

/* Read the next run of digits or letters from `s` at `*pos`, skipping separators. */
static token next_token(slice s, size_t *pos)
{
	token t = {TOKEN_END, {s.text + s.len, 0}};
	size_t start;

	while (*pos < s.len && !isalnum((unsigned char)s.text[*pos])) {
		(*pos)++;
	}
	if (*pos >= s.len) {
		return t;
	}
	start = *pos;
	t.type = is_digit(s.text[start]) ? TOKEN_NUMBER : TOKEN_WORD;
	while (*pos < s.len && isalnum((unsigned char)s.text[*pos]) &&
	       is_digit(s.text[*pos]) == (t.type == TOKEN_NUMBER)) {
		(*pos)++;
	}
	t.text = (slice){s.text + start, *pos - start};
	return t;
}

/*
 * The order of a version that goes on with `t` against one that ended: more
 * numbers make it higher unless they are zeros (1.0 equals 1.0.0), a
 * pre-release word makes it lower, a post-release word higher. Returns 0
 * when the token decides nothing.
 */
static int compare_with_end(token t)
{
	int rank;

	if (t.type == TOKEN_NUMBER) {
		return compare_numbers(t.text, (slice){"0", 1});
	}
	rank = word_rank(t.text);
	if (rank == RANK_RELEASE) {
		return 0;
	}
	return rank < RANK_RELEASE ? -1 : 1;
}

static int compare_tokens(token a, token b)
{
	int order;
	size_t len;

	if (a.type == TOKEN_END) {
		return -compare_with_end(b);
	}
	if (b.type == TOKEN_END) {
		return compare_with_end(a);
	}
	if (a.type != b.type) {
		/* 1.0.1 is higher than 1.0rc1 and than 1.0.post1. */
		return a.type == TOKEN_NUMBER ? 1 : -1;
	}
	if (a.type == TOKEN_NUMBER) {
		return compare_numbers(a.text, b.text);
	}
	order = word_rank(a.text) - word_rank(b.text);
	if (order != 0) {
		return sign(order);
	}
	len = a.text.len < b.text.len ? a.text.len : b.text.len;
	order = strncasecmp(a.text.text, b.text.text, len);
	if (order != 0) {
		return sign(order);
	}
	return a.text.len == b.text.len ? 0 : (a.text.len < b.text.len ? -1 : 1);
}

/* The part of a generic version that is compared: no leading 'v', no "+build" metadata. */
static bool generic_slice(const char *text, slice *out)
{
	const char *plus;

	if (text[0] == 'v' || text[0] == 'V') {
		text++;
	}
	plus = strchr(text, '+');
	*out = (slice){text, plus != NULL ? (size_t)(plus - text) : strlen(text)};
	return out->len > 0 && is_digit(text[0]);
}

static int generic_compare(const char *a, const char *b, int *order)
{
	slice sa;
	slice sb;
	size_t pa = 0;
	size_t pb = 0;

	if (!generic_slice(a, &sa) || !generic_slice(b, &sb)) {
		return -1;
	}
	for (;;) {
		token ta = next_token(sa, &pa);
		token tb = next_token(sb, &pb);
		int result;

		if (ta.type == TOKEN_END && tb.type == TOKEN_END) {
			*order = 0;
			return 0;
		}
		result = compare_tokens(ta, tb);
		if (result != 0) {
			*order = result;
			return 0;
		}
	}
}

const char *version_strip_operator(const char *version)
{
	while (*version == '>' || *version == '=' || *version == '^' || *version == '~' ||
	       *version == ' ') {
		version++;
	}
	return version;
}

int version_compare(const char *a, const char *b, version_scheme scheme, int *order)
{
	if (a == NULL || b == NULL) {
		return -1;
	}
	if (scheme == VERSION_DPKG) {
		return dpkg_compare(a, b, order);
	}
	return generic_compare(a, b, order);
}
