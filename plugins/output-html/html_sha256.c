/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4) in base64: the hash of the inline script in the Content-Security-Policy. */
#include <stdint.h>
#include <string.h>

#include "html.h"

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotate_right(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* Process one 64-byte block into `state`. */
static void compress(uint32_t state[8], const unsigned char block[64])
{
	uint32_t schedule[64];
	uint32_t v[8];
	size_t i;

	for (i = 0; i < 16; i++) {
		schedule[i] = (uint32_t)block[i * 4] << 24 | (uint32_t)block[i * 4 + 1] << 16 |
			      (uint32_t)block[i * 4 + 2] << 8 | (uint32_t)block[i * 4 + 3];
	}
	for (i = 16; i < 64; i++) {
		uint32_t s0 = rotate_right(schedule[i - 15], 7) ^
			      rotate_right(schedule[i - 15], 18) ^ (schedule[i - 15] >> 3);
		uint32_t s1 = rotate_right(schedule[i - 2], 17) ^
			      rotate_right(schedule[i - 2], 19) ^ (schedule[i - 2] >> 10);

		schedule[i] = schedule[i - 16] + s0 + schedule[i - 7] + s1;
	}
	memcpy(v, state, sizeof(v));
	for (i = 0; i < 64; i++) {
		uint32_t s1 =
		    rotate_right(v[4], 6) ^ rotate_right(v[4], 11) ^ rotate_right(v[4], 25);
		uint32_t choice = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + choice + round_constants[i] + schedule[i];
		uint32_t s0 =
		    rotate_right(v[0], 2) ^ rotate_right(v[0], 13) ^ rotate_right(v[0], 22);
		uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, sizeof(uint32_t) * 7);
		v[4] += t1;
		v[0] = t1 + s0 + majority;
	}
	for (i = 0; i < 8; i++) {
		state[i] += v[i];
	}
}

static void sha256(unsigned char digest[32], const unsigned char *data, size_t length)
{
	uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	unsigned char block[64];
	uint64_t bits = (uint64_t)length * 8;
	size_t done = 0;
	size_t tail;
	size_t i;

	for (; length - done >= 64; done += 64) {
		compress(state, data + done);
	}

	/* The last block: the rest of the data, the bit 1, zeros, and the length in bits. */
	tail = length - done;
	memset(block, 0, sizeof(block));
	memcpy(block, data + done, tail);
	block[tail] = 0x80;
	if (tail >= 56) {
		compress(state, block);
		memset(block, 0, sizeof(block));
	}
	for (i = 0; i < 8; i++) {
		block[63 - i] = (unsigned char)(bits >> (8 * i));
	}
	compress(state, block);

	for (i = 0; i < 8; i++) {
		digest[i * 4] = (unsigned char)(state[i] >> 24);
		digest[i * 4 + 1] = (unsigned char)(state[i] >> 16);
		digest[i * 4 + 2] = (unsigned char)(state[i] >> 8);
		digest[i * 4 + 3] = (unsigned char)state[i];
	}
}

void html_sha256_base64(char out[HTML_SHA256_BASE64_SIZE], const void *data, size_t length)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char digest[33];
	size_t i;
	size_t o = 0;

	/* 32 bytes are ten groups of three and one of two, padded with a zero byte and '='. */
	sha256(digest, data, length);
	digest[32] = 0;
	for (i = 0; i < 33; i += 3) {
		uint32_t group = (uint32_t)digest[i] << 16 | (uint32_t)digest[i + 1] << 8 |
				 (uint32_t)digest[i + 2];

		out[o++] = alphabet[(group >> 18) & 63];
		out[o++] = alphabet[(group >> 12) & 63];
		out[o++] = alphabet[(group >> 6) & 63];
		out[o++] = i + 2 < 32 ? alphabet[group & 63] : '=';
	}
	out[o] = '\0';
}
