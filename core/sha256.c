/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4) for finding fingerprints. */
#include <stdbool.h>
#include <string.h>

#include "util.h"

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2};

static uint32_t rotr(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

/* Process one 64-byte block into the state. */
static void sha256_block(uint32_t state[8], const unsigned char block[64])
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++) {
		w[i] = (uint32_t)block[i * 4] << 24 | (uint32_t)block[i * 4 + 1] << 16 |
		       (uint32_t)block[i * 4 + 2] << 8 | (uint32_t)block[i * 4 + 3];
	}
	for (i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}

	a = state[0];
	b = state[1];
	c = state[2];
	d = state[3];
	e = state[4];
	f = state[5];
	g = state[6];
	h = state[7];
	for (i = 0; i < 64; i++) {
		uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + s1 + ch + round_constants[i] + w[i];
		uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = s0 + maj;

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

/* Process `count` consecutive 64-byte blocks into the state. */
static void sha256_blocks_portable(uint32_t state[8], const unsigned char *blocks, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		sha256_block(state, blocks + i * 64);
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

/* Four round constants, as one vector. */
__attribute__((target("sha,sse4.1"))) static __m128i round_constants_at(int i)
{
	return _mm_loadu_si128((const __m128i *)&round_constants[i]);
}

/*
 * The same blocks with the x86 SHA extensions, about three times faster. The
 * instructions keep the state as the vectors ABEF and CDGH, and each
 * sha256rnds2 does two rounds with the two low words of its third operand.
 */
__attribute__((target("sha,sse4.1"))) static void
sha256_blocks_x86(uint32_t state[8], const unsigned char *blocks, size_t count)
{
	const __m128i big_endian = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
	__m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
	__m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
	__m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
	__m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
	size_t n;

	for (n = 0; n < count; n++) {
		const unsigned char *block = blocks + n * 64;
		__m128i saved_abef = abef;
		__m128i saved_cdgh = cdgh;
		__m128i words[4];
		int group;

		for (group = 0; group < 16; group++) {
			__m128i *w = &words[group % 4];
			__m128i sum;

			if (group < 4) {
				*w = _mm_shuffle_epi8(
				    _mm_loadu_si128((const __m128i *)(block + group * 16)), big_endian);
			} else {
				/* W[i] = s1(W[i-2]) + W[i-7] + s0(W[i-15]) + W[i-16], four at a time. */
				__m128i previous = words[(group + 3) % 4];
				__m128i before = words[(group + 2) % 4];
				__m128i partial = _mm_sha256msg1_epu32(*w, words[(group + 1) % 4]);

				partial = _mm_add_epi32(partial, _mm_alignr_epi8(previous, before, 4));
				*w = _mm_sha256msg2_epu32(partial, previous);
			}
			sum = _mm_add_epi32(*w, round_constants_at(group * 4));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sum);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(sum, 0x0E));
		}
		abef = _mm_add_epi32(abef, saved_abef);
		cdgh = _mm_add_epi32(cdgh, saved_cdgh);
	}

	efgh = _mm_shuffle_epi32(abef, 0x1B);
	cdgh = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(efgh, cdgh, 0xF0));
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(cdgh, efgh, 8));
}

static bool has_sha_extensions(void)
{
	unsigned a = 0;
	unsigned b = 0;
	unsigned c = 0;
	unsigned d = 0;
	bool sse41 = false;

	if (__get_cpuid(1, &a, &b, &c, &d)) {
		sse41 = (c & bit_SSE4_1) != 0 && (c & bit_SSSE3) != 0;
	}
	if (!sse41 || !__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		return false;
	}
	return (b & bit_SHA) != 0;
}
#endif

typedef void (*block_function)(uint32_t state[8], const unsigned char *blocks, size_t count);

static block_function pick_block_function(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (has_sha_extensions()) {
		return sha256_blocks_x86;
	}
#endif
	return sha256_blocks_portable;
}

/* Picked at the first use: cpuid is slow in virtual machines. Only the run's thread hashes. */
static block_function blocks_function;

void sha256_hex(char out[65], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	const unsigned char *bytes = data;
	unsigned char tail[128];
	uint64_t bits = (uint64_t)len * 8;
	size_t full = len / 64 * 64;
	size_t rest = len - full;
	size_t tail_len;
	size_t i;

	if (!blocks_function) {
		blocks_function = pick_block_function();
	}
	blocks_function(state, bytes, full / 64);

	/* Padding: 0x80, zeros, then the message length in bits, big-endian. */
	memset(tail, 0, sizeof(tail));
	memcpy(tail, bytes + full, rest);
	tail[rest] = 0x80;
	tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++) {
		tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
	}
	blocks_function(state, tail, tail_len / 64);

	for (i = 0; i < 32; i++) {
		unsigned char byte = (unsigned char)(state[i / 4] >> (24 - 8 * (i % 4)));

		out[i * 2] = hex[byte >> 4];
		out[i * 2 + 1] = hex[byte & 15];
	}
	out[64] = '\0';
}
