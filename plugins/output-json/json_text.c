/* SPDX-License-Identifier: Apache-2.0 */
/* A buffered JSON text writer that prints values exactly as cJSON prints them unformatted. */
#include "json_text.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* JSON_TEXT_NO_SIMD selects the portable scan, so that tests can check it on x86-64 too. */
#if defined(__SSE2__) && !defined(JSON_TEXT_NO_SIMD)
#define JSON_TEXT_SSE2 1
#include <emmintrin.h>
#endif

#define TEXT_BUFFER_SIZE ((size_t)256 * 1024)

/* Input bytes escaped per step: at most 6 output bytes each, so one step fits the buffer. */
#define ESCAPE_STEP ((size_t)16 * 1024)

/* Spare bytes after an escaped step: the block-wise copy may write 16 bytes past its end. */
#define BLOCK_SLACK 16

bool json_text_init(json_text *t, FILE *out)
{
	t->out = out;
	t->len = 0;
	t->capacity = TEXT_BUFFER_SIZE;
	t->data = malloc(t->capacity);
	return t->data != NULL;
}

void json_text_flush(json_text *t)
{
	if (t->len > 0) {
		fwrite(t->data, 1, t->len, t->out);
		t->len = 0;
	}
}

void json_text_dispose(json_text *t)
{
	if (t->data != NULL) {
		json_text_flush(t);
	}
	free(t->data);
	t->data = NULL;
	t->capacity = 0;
}

/* Make room for `len` more bytes, flushing when the buffer is too full. */
static void reserve(json_text *t, size_t len)
{
	if (t->capacity - t->len < len) {
		json_text_flush(t);
	}
}

void json_text_raw_flushing(json_text *t, const char *s, size_t len)
{
	json_text_flush(t);
	if (len > t->capacity) {
		fwrite(s, 1, len, t->out);
		return;
	}
	memcpy(t->data, s, len);
	t->len = len;
}

void json_text_literal(json_text *t, const char *s)
{
	json_text_raw(t, s, strlen(s));
}

void json_text_bool(json_text *t, bool value)
{
	if (value) {
		json_text_raw(t, "true", 4);
	} else {
		json_text_raw(t, "false", 5);
	}
}

/* Write the escape of byte `c` (any byte) at `out` and return the number of bytes written. */
static size_t escape_byte(char *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char letter = 0;

	switch (c) {
	case '"': letter = '"'; break;
	case '\\': letter = '\\'; break;
	case '\b': letter = 'b'; break;
	case '\f': letter = 'f'; break;
	case '\n': letter = 'n'; break;
	case '\r': letter = 'r'; break;
	case '\t': letter = 't'; break;
	default: break;
	}
	if (letter != 0) {
		out[0] = '\\';
		out[1] = letter;
		return 2;
	}
	if (c >= 0x20) {
		out[0] = (char)c;
		return 1;
	}
	/* cJSON writes these with lowercase hex digits. */
	memcpy(out, "\\u00", 4);
	out[4] = hex[c >> 4];
	out[5] = hex[c & 0xF];
	return 6;
}

#if defined(JSON_TEXT_SSE2)
/* Bytes scanned at once. */
#define BLOCK 16

/*
 * The number of leading bytes of the BLOCK bytes at `s` that need no
 * escape: none below 0x20, no quote, no backslash. SSE2 is part of every
 * x86-64 CPU, and it scans 16 bytes in a few instructions.
 */
static size_t plain_prefix(const unsigned char *s)
{
	__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)s);
	/* Unsigned bytes <= 0x1F are those equal to their minimum with 0x1F. */
	__m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1F)), bytes);
	__m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
	__m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
	unsigned mask = (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(control, _mm_or_si128(quote, backslash)));

	return mask == 0 ? BLOCK : (size_t)__builtin_ctz(mask);
}
#else
/* Bytes scanned at once. */
#define BLOCK 8

#define ONES ((uint64_t)0x0101010101010101)
#define HIGH_BITS ((uint64_t)0x8080808080808080)

/* The high bit of every byte of `word` below 0x20, quote or backslash (and perhaps of later bytes). */
static uint64_t escaped_bytes(uint64_t word)
{
	uint64_t quote = word ^ (ONES * '"');
	uint64_t backslash = word ^ (ONES * '\\');

	return ((word - ONES * 0x20) & ~word & HIGH_BITS) | ((quote - ONES) & ~quote & HIGH_BITS) |
	       ((backslash - ONES) & ~backslash & HIGH_BITS);
}

/*
 * The number of leading bytes of the BLOCK bytes at `s` that need no
 * escape. The lowest flag of escaped_bytes is exact because a borrow only
 * carries past a flagged byte.
 */
static size_t plain_prefix(const unsigned char *s)
{
	uint64_t word;
	uint64_t flags;

	memcpy(&word, s, sizeof(word));
	flags = escaped_bytes(word);
	if (flags == 0) {
		return BLOCK;
	}
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(flags) / 8;
#else
	return 0;
#endif
}
#endif

_Static_assert(BLOCK_SLACK >= BLOCK, "an escaped step may write a block past its end");

/*
 * Escape the first `len` bytes of `s` to `out` a block at a time and
 * return the number of bytes written. BLOCK bytes must be readable at
 * every position before `len`, and `out` needs BLOCK_SLACK spare bytes:
 * each step copies a whole block and keeps only its plain prefix.
 */
static size_t escape_blocks(char *out, const unsigned char *s, size_t len)
{
	size_t written = 0;
	size_t i = 0;

	while (i < len) {
		size_t plain = plain_prefix(s + i);

		if (plain > len - i) {
			plain = len - i;
		}
		memcpy(out + written, s + i, BLOCK);
		written += plain;
		i += plain;
		if (i < len) {
			written += escape_byte(out + written, s[i]);
			i++;
		}
	}
	return written;
}

/* Escape `len` bytes of `s` into the buffer, which has room for len * 6 + BLOCK_SLACK bytes. */
static void escape_step(json_text *t, const unsigned char *s, size_t len)
{
	/* Blocks read from `s` must end inside it, so the last bytes are scanned in a padded copy. */
	size_t direct = len >= BLOCK ? len - BLOCK + 1 : 0;
	unsigned char tail[2 * BLOCK];
	char *out = t->data + t->len;

	out += escape_blocks(out, s, direct);
	memset(tail, 'a', sizeof(tail));
	memcpy(tail, s + direct, len - direct);
	out += escape_blocks(out, tail, len - direct);
	t->len = (size_t)(out - t->data);
}

void json_text_escaped(json_text *t, const char *s)
{
	const unsigned char *bytes = (const unsigned char *)s;
	size_t len = s != NULL ? strlen(s) : 0;
	size_t done = 0;

	while (done < len) {
		size_t step = len - done < ESCAPE_STEP ? len - done : ESCAPE_STEP;

		reserve(t, step * 6 + BLOCK_SLACK);
		escape_step(t, bytes + done, step);
		done += step;
	}
}

void json_text_string(json_text *t, const char *s)
{
	reserve(t, 1);
	t->data[t->len++] = '"';
	json_text_escaped(t, s);
	reserve(t, 1);
	t->data[t->len++] = '"';
}

void json_text_string_or_null(json_text *t, const char *s)
{
	if (s == NULL) {
		json_text_raw(t, "null", 4);
		return;
	}
	json_text_string(t, s);
}

/* Whether `a` and `b` are equal within the rounding of a double, the test cJSON uses. */
static bool nearly_equal(double a, double b)
{
	double larger = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= larger * DBL_EPSILON;
}

/*
 * Write `value` as a decimal with at most SHORT_DECIMALS digits after the
 * point, when one is the double nearest to it. CVSS scores (7.5) and most
 * EPSS figures are such decimals, and printing them by hand avoids
 * snprintf and strtod. Returns the length, or 0 to leave `value` to them.
 *
 * The text is the one "%1.15g" prints. Take a decimal D of at most 15
 * significant digits whose nearest double is `value`. The two differ by at
 * most 2^-53 of D, which is less than half a unit in the 15th digit. So
 * "%1.15g" rounds `value` back to D and drops the trailing zeros. The range
 * of `value` keeps "%g" off the exponent form, which it uses below 1e-4 or
 * from 1e15. D also reads back as `value`, so cJSON keeps 15 digits.
 */
#define SHORT_DECIMALS 6
#define SHORT_MIN 1e-4
#define SHORT_MAX 1e9

static size_t short_decimal(char *text, double value)
{
	static const double powers[SHORT_DECIMALS + 1] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	char digits[24];
	uint64_t whole = 0;
	size_t count = 0;
	size_t len = 0;
	int places = 0;

	if (!(value >= SHORT_MIN && value < SHORT_MAX)) {
		return 0;
	}
	/* The minimum number of places that gives back `value`, so the last digit is not 0. */
	for (places = 0; places <= SHORT_DECIMALS; places++) {
		/* Rounded to the nearest whole number, because `value` is positive. */
		whole = (uint64_t)(value * powers[places] + 0.5);
		if ((double)whole / powers[places] == value) {
			break;
		}
	}
	if (places > SHORT_DECIMALS) {
		return 0;
	}
	/* Digits from the last, with zeros up to the first before the point. */
	do {
		digits[count++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0 || count <= (size_t)places);
	while (count > 0) {
		if (count == (size_t)places) {
			text[len++] = '.';
		}
		text[len++] = digits[--count];
	}
	return len;
}

/*
 * cJSON tries 15 significant digits and takes 17 when 15 do not read back
 * as the same value. The program keeps the C locale, so the decimal point
 * is '.' as JSON requires.
 */
void json_text_number(json_text *t, double value)
{
	char text[32];
	int len;

	if (isnan(value) || isinf(value)) {
		json_text_raw(t, "null", 4);
		return;
	}
	len = (int)short_decimal(text, value);
	if (len > 0) {
		json_text_raw(t, text, (size_t)len);
		return;
	}
	len = snprintf(text, sizeof(text), "%1.15g", value);
	if (!nearly_equal(strtod(text, NULL), value)) {
		len = snprintf(text, sizeof(text), "%1.17g", value);
	}
	if (len < 0 || (size_t)len >= sizeof(text)) {
		json_text_raw(t, "null", 4);
		return;
	}
	json_text_raw(t, text, (size_t)len);
}
