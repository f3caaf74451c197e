/* SPDX-License-Identifier: Apache-2.0 */
/* Growable array, string arena, string map and string buffer of the core. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <assay/common.h>

#include "util.h"

int vec_push(vec *v, void *item)
{
	if (v->count == v->capacity) {
		size_t capacity = v->capacity ? v->capacity * 2 : 16;
		void **items = realloc(v->items, capacity * sizeof(*items));

		if (!items) {
			return ASSAY_ENOMEM;
		}
		v->items = items;
		v->capacity = capacity;
	}
	v->items[v->count++] = item;
	return 0;
}

void vec_dispose(vec *v)
{
	free(v->items);
	v->items = NULL;
	v->count = 0;
	v->capacity = 0;
}

/* Strings longer than a quarter chunk get a chunk of their own, so little space is lost. */
#define ARENA_CHUNK_SIZE (256 * 1024)

struct arena_chunk {
	arena_chunk *next;
	size_t used;
	size_t size;
	char data[];
};

/* Padding that puts `address` on a multiple of `align`, a power of two. */
static size_t padding(const char *address, size_t align)
{
	return (align - ((uintptr_t)address & (align - 1))) & (align - 1);
}

/* Reserve `size` bytes at a multiple of `align` (a power of two up to 16). */
static void *arena_reserve(arena *a, size_t size, size_t align)
{
	arena_chunk *chunk = a->head;
	void *memory;

	if (size >= ARENA_CHUNK_SIZE / 4) {
		/* malloc aligns the chunk but `data` follows three size_t fields, so room is added to align it. */
		arena_chunk *big = malloc(sizeof(*big) + size + align);

		if (!big) {
			return NULL;
		}
		big->size = size + align;
		big->used = big->size;
		/* Keep the current chunk at the head so its free space stays usable. */
		if (chunk) {
			big->next = chunk->next;
			chunk->next = big;
		} else {
			big->next = NULL;
			a->head = big;
		}
		return big->data + padding(big->data, align);
	}

	if (!chunk || chunk->size - chunk->used < size + padding(chunk->data + chunk->used, align)) {
		chunk = malloc(sizeof(*chunk) + ARENA_CHUNK_SIZE);
		if (!chunk) {
			return NULL;
		}
		chunk->used = 0;
		chunk->size = ARENA_CHUNK_SIZE;
		chunk->next = a->head;
		a->head = chunk;
	}

	chunk->used += padding(chunk->data + chunk->used, align);
	memory = chunk->data + chunk->used;
	chunk->used += size;
	return memory;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	char *copy = arena_reserve(a, len + 1, 1);

	if (!copy) {
		return NULL;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

void *arena_alloc(arena *a, size_t size)
{
	return arena_reserve(a, size, 16);
}

void *arena_grow(arena *a, const void *old, size_t used, size_t size)
{
	void *grown = arena_reserve(a, size, 16);

	if (grown && used > 0) {
		memcpy(grown, old, used);
	}
	return grown;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_dispose(arena *a)
{
	arena_chunk *chunk = a->head;

	while (chunk) {
		arena_chunk *next = chunk->next;

		free(chunk);
		chunk = next;
	}
	a->head = NULL;
}

uint64_t hash_fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

const char *format_size(char out[16], double bytes)
{
	/* The bounds are where rounding would print 1000 in the smaller unit. */
	if (bytes < 999.5) {
		snprintf(out, 16, "%.0f B", bytes);
	} else if (bytes < 999.95e3) {
		snprintf(out, 16, "%.1f kB", bytes / 1e3);
	} else if (bytes < 999.95e6) {
		snprintf(out, 16, "%.1f MB", bytes / 1e6);
	} else {
		snprintf(out, 16, "%.2f GB", bytes / 1e9);
	}
	return out;
}

const char *format_duration(char out[16], double seconds)
{
	if (seconds < 0.00995) {
		snprintf(out, 16, "%.1f ms", seconds * 1e3);
	} else if (seconds < 0.9995) {
		snprintf(out, 16, "%.0f ms", seconds * 1e3);
	} else {
		snprintf(out, 16, "%.2f s", seconds);
	}
	return out;
}

double clock_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The slot of `key` (hash `hash`): where it is, or the empty slot where it belongs. */
static strmap_entry *strmap_slot(const strmap *m, const char *key, uint64_t hash)
{
	size_t mask = m->capacity - 1;
	size_t i = (size_t)hash & mask;

	while (m->entries[i].key &&
	       (m->entries[i].hash != hash || strcmp(m->entries[i].key, key) != 0)) {
		i = (i + 1) & mask;
	}
	return &m->entries[i];
}

size_t strmap_get(const strmap *m, const char *key)
{
	const strmap_entry *entry;

	if (m->capacity == 0) {
		return 0;
	}
	entry = strmap_slot(m, key, hash_fnv1a(key));
	return entry->key ? entry->value : 0;
}

static int strmap_grow(strmap *m)
{
	strmap bigger = {0};
	size_t i;

	bigger.capacity = m->capacity ? m->capacity * 2 : 1024;
	bigger.entries = calloc(bigger.capacity, sizeof(*bigger.entries));
	if (!bigger.entries) {
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < m->capacity; i++) {
		if (m->entries[i].key) {
			*strmap_slot(&bigger, m->entries[i].key, m->entries[i].hash) = m->entries[i];
		}
	}
	bigger.count = m->count;
	strmap_dispose(m);
	*m = bigger;
	return 0;
}

/* The slot for `key` with room to fill it, or NULL on out-of-memory. */
static strmap_entry *strmap_reserve(strmap *m, const char *key, uint64_t hash)
{
	/* Keep the load factor at or below one half. */
	if ((m->count + 1) * 2 > m->capacity && strmap_grow(m) != 0) {
		return NULL;
	}
	return strmap_slot(m, key, hash);
}

int strmap_put(strmap *m, const char *key, size_t value)
{
	uint64_t hash = hash_fnv1a(key);
	strmap_entry *entry = strmap_reserve(m, key, hash);

	if (!entry) {
		return ASSAY_ENOMEM;
	}
	if (!entry->key) {
		entry->key = key;
		entry->hash = hash;
		m->count++;
	}
	entry->value = value;
	return 0;
}

int strmap_add_copy(strmap *m, arena *keys, const char *key, size_t value)
{
	uint64_t hash = hash_fnv1a(key);
	strmap_entry *entry = strmap_reserve(m, key, hash);

	if (!entry) {
		return ASSAY_ENOMEM;
	}
	if (entry->key) {
		return 0;
	}
	entry->key = arena_strdup(keys, key);
	if (!entry->key) {
		return ASSAY_ENOMEM;
	}
	entry->hash = hash;
	entry->value = value;
	m->count++;
	return 0;
}

void strmap_dispose(strmap *m)
{
	free(m->entries);
	m->entries = NULL;
	m->count = 0;
	m->capacity = 0;
}

void strbuf_addn(strbuf *b, const char *s, size_t len)
{
	if (b->failed) {
		return;
	}
	if (b->len + len + 1 > b->capacity) {
		size_t capacity = b->capacity ? b->capacity : 64;
		char *data;

		while (capacity < b->len + len + 1) {
			capacity *= 2;
		}
		data = realloc(b->data, capacity);
		if (!data) {
			b->failed = true;
			return;
		}
		b->data = data;
		b->capacity = capacity;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void strbuf_add(strbuf *b, const char *s)
{
	strbuf_addn(b, s, strlen(s));
}

void strbuf_addc(strbuf *b, char c)
{
	strbuf_addn(b, &c, 1);
}

void strbuf_reset(strbuf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data) {
		b->data[0] = '\0';
	}
}

void strbuf_dispose(strbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->capacity = 0;
	b->failed = false;
}
