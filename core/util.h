/* SPDX-License-Identifier: Apache-2.0 */
/* Small containers of the core: growable array, string arena, string map, SHA-256. */
#ifndef ASSAY_UTIL_H
#define ASSAY_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable array of pointers. Zero-initialised is empty. */
typedef struct {
	void **items;
	size_t count;
	size_t capacity;
} vec;

/* Append `item`. Returns 0 or ASSAY_ENOMEM. */
int vec_push(vec *v, void *item);
/* Free the array itself, not the items. */
void vec_dispose(vec *v);

/*
 * A bump allocator for strings that live as long as the run: one free at
 * the end instead of one per string. Zero-initialised is empty.
 */
typedef struct arena_chunk arena_chunk;
typedef struct {
	arena_chunk *head;
} arena;

/* Copy `len` bytes of `s` plus a NUL. Returns NULL on out-of-memory. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* Return `size` bytes aligned for any object, or NULL on out-of-memory. */
void *arena_alloc(arena *a, size_t size);
/*
 * Return `size` new bytes that start with the `used` bytes of `old`, or
 * NULL on out-of-memory. `old` stays in the arena, unused, until it is freed.
 */
void *arena_grow(arena *a, const void *old, size_t used, size_t size);
void arena_dispose(arena *a);

/* One slot of a strmap: a probe reads hash, key and value from one cache line. */
typedef struct {
	uint64_t hash;   /* of the key, so growing and probing skip most string work */
	const char *key; /* borrowed: keys must outlive the map; NULL for an empty slot */
	size_t value;
} strmap_entry;

/* An open-addressing hash map from NUL-terminated keys to non-zero sizes. */
typedef struct {
	strmap_entry *entries;
	size_t count;
	size_t capacity;
} strmap;

/* The value stored under `key`, or 0 when absent. */
size_t strmap_get(const strmap *m, const char *key);
/* Store `value` (non-zero) under `key`, replacing any. Returns 0 or ASSAY_ENOMEM. */
int strmap_put(strmap *m, const char *key, size_t value);
/*
 * Store `value` under a copy of `key` made in `keys`, unless the key is
 * present: then leave its value. Returns 0 or ASSAY_ENOMEM.
 */
int strmap_add_copy(strmap *m, arena *keys, const char *key, size_t value);
void strmap_dispose(strmap *m);

/* A growable NUL-terminated string buffer. Zero-initialised is empty. */
typedef struct {
	char *data;
	size_t len;
	size_t capacity;
	bool failed; /* an allocation failed; the contents are incomplete */
} strbuf;

void strbuf_add(strbuf *b, const char *s);
void strbuf_addn(strbuf *b, const char *s, size_t len);
void strbuf_addc(strbuf *b, char c);
void strbuf_reset(strbuf *b);
void strbuf_dispose(strbuf *b);

uint64_t hash_fnv1a(const char *s);

/* Ask the CPU to start loading `address` into its cache: a hint, where the compiler has one. */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* Return the time on a monotonic clock in seconds, to time the steps of a run. */
double clock_seconds(void);

/* Write `bytes` for people into `out` ("812 B", "13.0 kB", "193.4 MB") and return `out`. */
const char *format_size(char out[16], double bytes);
/* Write `seconds` for people into `out` ("0.4 ms", "187 ms", "1.24 s") and return `out`. */
const char *format_duration(char out[16], double seconds);

/* Hex SHA-256 of `len` bytes into `out` (65 bytes with the NUL). */
void sha256_hex(char out[65], const void *data, size_t len);

#endif
