/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that writes SARIF 2.1.0 for GitHub code scanning, within GitHub's upload limits. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef ASSAY_HAVE_LIBDEFLATE
#include <libdeflate.h>
#include <pthread.h>
#endif

#include "sarif.h"

#define SARIF_SCHEMA_URI                                                                       \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* GitHub rejects a run with more results than this (and keeps the 5,000 most severe). */
#define GITHUB_MAX_RESULTS 25000

/*
 * GitHub rejects an upload above 10 MB gzip-compressed. The measured size
 * is an estimate (see size_meter), so results stop at 95% of the limit,
 * with room left for the parts around the results and rules.
 */
#define GITHUB_MAX_GZIP_BYTES 10000000
#define GZIP_BUDGET_BYTES ((uint64_t)GITHUB_MAX_GZIP_BYTES / 100 * 95)
#define ENVELOPE_BYTES ((uint64_t)64 * 1024)

#define PRINT_BUFFER_INITIAL ((size_t)64 * 1024)

/* ---- The rule table: one rule per finding id, in the order results first use them ---- */

typedef struct {
	const char *id;               /* the rule id as written: the finding's, or a repaired copy */
	char *repaired;               /* owned copy when the finding's id needed repair, else NULL */
	const assay_finding *finding; /* the first result of the rule, which defines it */
} rule_entry;

typedef struct {
	rule_entry *entries;
	size_t count;
	size_t capacity;
	size_t *slots; /* open addressing: entry index + 1, 0 when empty */
	size_t slot_count;
} rule_table;

/* FNV-1a, 64 bits. */
static uint64_t hash_text(const char *s)
{
	uint64_t hash = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		hash ^= (unsigned char)*s;
		hash *= 1099511628211ULL;
	}
	return hash;
}

static bool rules_grow_slots(rule_table *t)
{
	size_t slot_count = t->slot_count == 0 ? 1024 : t->slot_count * 2;
	size_t *slots = calloc(slot_count, sizeof(*slots));
	size_t i;

	if (slots == NULL) {
		return false;
	}
	for (i = 0; i < t->count; i++) {
		size_t slot = (size_t)hash_text(t->entries[i].id) & (slot_count - 1);

		while (slots[slot] != 0) {
			slot = (slot + 1) & (slot_count - 1);
		}
		slots[slot] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->slot_count = slot_count;
	return true;
}

/*
 * The index of the rule of `f`, added when new (`*added`). Rules are
 * keyed by the id as written: two ids that differ only in bytes the
 * output replaces are one rule, so rule ids stay unique in the file.
 * Returns 0 or ASSAY_ENOMEM.
 */
static int rules_find_or_add(rule_table *t, const assay_finding *f, size_t *index, bool *added)
{
	bool oom = false;
	char *repaired = sarif_text_repair(sarif_rule_id(f), &oom);
	const char *id = repaired != NULL ? repaired : sarif_rule_id(f);
	int err = ASSAY_ENOMEM;
	size_t slot;

	*added = false;
	if (oom || ((t->count + 1) * 2 > t->slot_count && !rules_grow_slots(t))) {
		goto out;
	}
	slot = (size_t)hash_text(id) & (t->slot_count - 1);
	while (t->slots[slot] != 0) {
		if (strcmp(t->entries[t->slots[slot] - 1].id, id) == 0) {
			*index = t->slots[slot] - 1;
			err = 0;
			goto out;
		}
		slot = (slot + 1) & (t->slot_count - 1);
	}
	if (t->count == t->capacity) {
		size_t capacity = t->capacity == 0 ? 256 : t->capacity * 2;
		rule_entry *entries = realloc(t->entries, capacity * sizeof(*entries));

		if (entries == NULL) {
			goto out;
		}
		t->entries = entries;
		t->capacity = capacity;
	}
	t->entries[t->count].id = id;
	t->entries[t->count].repaired = repaired;
	t->entries[t->count].finding = f;
	repaired = NULL;
	t->slots[slot] = t->count + 1;
	*index = t->count++;
	*added = true;
	err = 0;
out:
	free(repaired);
	return err;
}

static void rules_dispose(rule_table *t)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		free(t->entries[i].repaired);
	}
	free(t->entries);
	free(t->slots);
}

/* ---- Size estimate ---- */

/*
 * The gzip-compressed size of everything fed to it, estimated. With
 * libdeflate the text is compressed in chunks of METER_CHUNK bytes at
 * level 2. Each chunk starts without the history of the one before, and
 * level 2 finds fewer matches than gzip's default level 6. Both make the
 * estimate larger than the real gzip size: by 15 to 30 % on generated
 * vulnerability reports. The chunk being filled counts at full size. Without libdeflate the uncompressed size is used, which gzip never
 * exceeds by more than a few bytes.
 */
#define METER_CHUNK ((size_t)256 * 1024)
#define METER_LEVEL 2

typedef struct {
	uint64_t raw;
#ifdef ASSAY_HAVE_LIBDEFLATE
	struct libdeflate_compressor *compressor;
	uint64_t compressed; /* of the chunks compressed so far */
	unsigned char *chunk;  /* METER_CHUNK bytes */
	size_t pending;        /* bytes in `chunk` not compressed yet */
	unsigned char *output; /* output_size bytes */
	size_t output_size;
#endif
} size_meter;

static void meter_dispose(size_meter *m)
{
#ifdef ASSAY_HAVE_LIBDEFLATE
	if (m->compressor != NULL) {
		libdeflate_free_compressor(m->compressor);
	}
	free(m->chunk);
	free(m->output);
	m->compressor = NULL;
	m->chunk = NULL;
	m->output = NULL;
#else
	(void)m;
#endif
}

static int meter_init(size_meter *m)
{
	memset(m, 0, sizeof(*m));
#ifdef ASSAY_HAVE_LIBDEFLATE
	m->compressor = libdeflate_alloc_compressor(METER_LEVEL);
	if (m->compressor != NULL) {
		m->output_size = libdeflate_deflate_compress_bound(m->compressor, METER_CHUNK);
		m->chunk = malloc(METER_CHUNK);
		m->output = malloc(m->output_size);
	}
	if (m->compressor == NULL || m->chunk == NULL || m->output == NULL) {
		meter_dispose(m);
		return ASSAY_ENOMEM;
	}
#endif
	return 0;
}

#ifdef ASSAY_HAVE_LIBDEFLATE
/* Compress the full chunk and count its compressed size instead of its raw size. */
static int meter_flush(size_meter *m)
{
	size_t size = libdeflate_deflate_compress(m->compressor, m->chunk, m->pending, m->output,
						  m->output_size);

	/* The output has the bound's size, so only a broken library returns 0. */
	if (size == 0) {
		return ASSAY_EIO;
	}
	m->compressed += size;
	m->pending = 0;
	return 0;
}
#endif

static int meter_add(size_meter *m, const char *data, size_t len)
{
#ifdef ASSAY_HAVE_LIBDEFLATE
	size_t left = len;

	while (left > 0) {
		size_t room = METER_CHUNK - m->pending;
		size_t part = left < room ? left : room;

		memcpy(m->chunk + m->pending, data + (len - left), part);
		m->pending += part;
		left -= part;
		if (m->pending == METER_CHUNK && meter_flush(m) != 0) {
			return ASSAY_EIO;
		}
	}
#endif
	m->raw += len;
	return 0;
}

static uint64_t meter_estimate(const size_meter *m)
{
#ifdef ASSAY_HAVE_LIBDEFLATE
	return m->compressed + m->pending + ENVELOPE_BYTES;
#else
	return m->raw + ENVELOPE_BYTES;
#endif
}

/* ---- Printed items ---- */

/* Printed text is kept in blocks of this size, so an item never moves once stored. */
#define PRINTED_BLOCK_SIZE ((size_t)4 << 20)

typedef struct {
	const char *text;
	size_t len;
} printed_item;

/*
 * Rules or results as printed while measuring, kept so that writing them
 * does not build and print each one a second time.
 */
typedef struct {
	char **blocks;
	size_t block_count;
	size_t block_capacity;
	size_t block_used; /* bytes used in the last block */
	size_t block_size; /* size of the last block */
	printed_item *items;
	size_t count;
	size_t capacity;
} printed_list;

/* Room for `len` more bytes in a block. Returns false on out-of-memory. */
static bool printed_reserve(printed_list *p, size_t len)
{
	size_t size = len > PRINTED_BLOCK_SIZE ? len : PRINTED_BLOCK_SIZE;
	char *block = NULL;

	if (p->block_count > 0 && p->block_size - p->block_used >= len) {
		return true;
	}
	if (p->block_count == p->block_capacity) {
		size_t capacity = p->block_capacity == 0 ? 16 : p->block_capacity * 2;
		char **blocks = realloc(p->blocks, capacity * sizeof(*blocks));

		if (blocks == NULL) {
			return false;
		}
		p->blocks = blocks;
		p->block_capacity = capacity;
	}
	block = malloc(size);
	if (block == NULL) {
		return false;
	}
	p->blocks[p->block_count++] = block;
	p->block_used = 0;
	p->block_size = size;
	return true;
}

/* Store the `len` bytes of one printed item; *out points at the copy. Returns 0 or ASSAY_ENOMEM. */
static int printed_add(printed_list *p, const char *text, size_t len, const char **out)
{
	char *copy = NULL;

	if (p->count == p->capacity) {
		size_t capacity = p->capacity == 0 ? 1024 : p->capacity * 2;
		printed_item *items = realloc(p->items, capacity * sizeof(*items));

		if (items == NULL) {
			return ASSAY_ENOMEM;
		}
		p->items = items;
		p->capacity = capacity;
	}
	if (!printed_reserve(p, len)) {
		return ASSAY_ENOMEM;
	}
	copy = p->blocks[p->block_count - 1] + p->block_used;
	memcpy(copy, text, len);
	p->block_used += len;
	p->items[p->count].text = copy;
	p->items[p->count].len = len;
	p->count++;
	*out = copy;
	return 0;
}

static void printed_write(const printed_list *p, size_t index, FILE *out)
{
	fwrite(p->items[index].text, 1, p->items[index].len, out);
}

static void printed_dispose(printed_list *p)
{
	size_t i;

	for (i = 0; i < p->block_count; i++) {
		free(p->blocks[i]);
	}
	free(p->blocks);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* ---- The writer ---- */

typedef struct {
	assay_ctx *ctx;
	FILE *out;
	sarif_context sc;
	rule_table rules;
	printed_list printed_rules;   /* rule i of the table, as printed */
	printed_list printed_results; /* the selected results in output order */
	char *buffer; /* print buffer, reused for every item */
	size_t capacity;
	sarif_buf item; /* a rule or result as it is printed */
	bool include_ignored;
	size_t active_quota;  /* findings not ignored kept by the count limit */
	size_t ignored_quota; /* ignored findings kept, when they are included */
	size_t candidates;    /* results before any limit */
	size_t kept;          /* results written */
	size_t kept_rules;
	size_t dropped_by_count;
	size_t dropped_by_size;
	size_t ignored_left_out; /* ignored findings not written at all */
} sarif_writer;

/* Position of the selection walk: how many of each sort were met so far. */
typedef struct {
	size_t active;
	size_t ignored;
} selection;

/*
 * Whether `f` is among the results: findings that are not ignored come
 * first, in the core's order (most severe first), then ignored ones when
 * included, so a cut drops ignored and least severe results first.
 */
static bool select_finding(const sarif_writer *w, selection *s, const assay_finding *f)
{
	if (!f->ignored) {
		return s->active++ < w->active_quota;
	}
	if (!w->include_ignored) {
		return false;
	}
	return s->ignored++ < w->ignored_quota;
}

static int out_of_memory(sarif_writer *w)
{
	return assay_error(w->ctx, ASSAY_ENOMEM, "out of memory while writing SARIF");
}

/* Print `item` without formatting into the print buffer. Returns 0, ASSAY_ENOMEM or ASSAY_ELIMIT. */
static int print_item(sarif_writer *w, const cJSON *item)
{
	while (w->capacity == 0 ||
	       !cJSON_PrintPreallocated((cJSON *)(uintptr_t)item, w->buffer, (int)w->capacity,
					false)) {
		size_t capacity = w->capacity == 0 ? PRINT_BUFFER_INITIAL : w->capacity * 2;
		char *buffer;

		/* cJSON takes the buffer length as an int. */
		if (capacity > (size_t)INT_MAX) {
			return assay_error(w->ctx, ASSAY_ELIMIT,
					   "a SARIF rule or result needs more than %zu bytes to print",
					   w->capacity);
		}
		buffer = realloc(w->buffer, capacity);
		if (buffer == NULL) {
			return out_of_memory(w);
		}
		w->buffer = buffer;
		w->capacity = capacity;
	}
	return 0;
}

/* Make the print buffer hold the item printed in `item`. */
static int take_item(sarif_writer *w, const sarif_buf *item)
{
	if (item->failed) {
		return out_of_memory(w);
	}
	if (w->capacity < item->len + 1) {
		size_t capacity = item->len + 1 > PRINT_BUFFER_INITIAL ? item->len + 1
									: PRINT_BUFFER_INITIAL;
		char *buffer = realloc(w->buffer, capacity);

		if (buffer == NULL) {
			return out_of_memory(w);
		}
		w->buffer = buffer;
		w->capacity = capacity;
	}
	memcpy(w->buffer, item->data, item->len + 1);
	return 0;
}

/* Print the result of `f` into the buffer. */
static int print_result(sarif_writer *w, const assay_finding *f, size_t rule_index)
{
	sarif_buf_reset(&w->item);
	if (sarif_result_print(&w->item, &w->sc, f, rule_index) != 0) {
		return out_of_memory(w);
	}
	return take_item(w, &w->item);
}

static int print_rule(sarif_writer *w, const assay_finding *f)
{
	sarif_buf_reset(&w->item);
	if (sarif_rule_print(&w->item, &w->sc, f) != 0) {
		return out_of_memory(w);
	}
	return take_item(w, &w->item);
}

/* Set the quotas of the count limit: at most GITHUB_MAX_RESULTS results in all. */
static void plan_count(sarif_writer *w)
{
	size_t count = assay_finding_count(w->ctx);
	size_t active = 0;
	size_t ignored = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		if (assay_finding_at(w->ctx, i)->ignored) {
			ignored++;
		} else {
			active++;
		}
	}
	w->active_quota = active < GITHUB_MAX_RESULTS ? active : GITHUB_MAX_RESULTS;
	w->ignored_quota = 0;
	if (w->include_ignored) {
		size_t room = GITHUB_MAX_RESULTS - w->active_quota;

		w->ignored_quota = ignored < room ? ignored : room;
	} else {
		w->ignored_left_out = ignored;
	}
	w->candidates = active + (w->include_ignored ? ignored : 0);
	w->dropped_by_count = w->candidates - w->active_quota - w->ignored_quota;
}

/* Keep the item printed in the buffer in `list`; *text and *len describe the kept copy. */
static int keep_printed(sarif_writer *w, printed_list *list, const char **text, size_t *len)
{
	*len = strlen(w->buffer);
	if (printed_add(list, w->buffer, *len, text) != 0) {
		return out_of_memory(w);
	}
	return 0;
}

/* One printed item on its way to the meter. */
typedef struct {
	const char *text;
	size_t len;
	bool ends_result;   /* the result's last item: the result, or its new rule */
	size_t rules_after; /* rules in the table once this result is kept */
} meter_item;

/*
 * Build and keep the result of the selected finding `f` (and its rule, when
 * new) and describe them in items[0..*count). Returns 0 or an error code.
 */
static int print_candidate(sarif_writer *w, const assay_finding *f, meter_item items[2],
			   size_t *count)
{
	size_t rule_index = 0;
	bool added = false;
	int err = rules_find_or_add(&w->rules, f, &rule_index, &added);

	*count = 0;
	if (err != 0) {
		return out_of_memory(w);
	}
	err = print_result(w, f, rule_index);
	if (err == 0) {
		err = keep_printed(w, &w->printed_results, &items[0].text, &items[0].len);
	}
	if (err == 0 && added) {
		err = print_rule(w, f);
		if (err == 0) {
			err = keep_printed(w, &w->printed_rules, &items[1].text, &items[1].len);
		}
	}
	if (err != 0) {
		return err;
	}
	*count = added ? 2 : 1;
	items[0].ends_result = !added;
	items[1].ends_result = true;
	items[0].rules_after = w->rules.count;
	items[1].rules_after = w->rules.count;
	return 0;
}

/*
 * Decide how many selected results fit GitHub's size limit: build every
 * result and each new rule once, in output order, and measure them. The
 * rules the kept results use are exactly the first `kept_rules` of the
 * table, because rules are numbered in order of first use.
 */
static int plan_size_in_order(sarif_writer *w)
{
	size_t count = assay_finding_count(w->ctx);
	selection s = {0, 0};
	size_meter meter;
	size_t selected = w->active_quota + w->ignored_quota;
	size_t i;
	int err;

	err = meter_init(&meter);
	if (err != 0) {
		return out_of_memory(w);
	}
	for (i = 0; i < count && err == 0; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);
		size_t rules_before = w->rules.count;
		meter_item items[2];
		size_t printed = 0;
		size_t k;

		if (!select_finding(w, &s, f)) {
			continue;
		}
		err = print_candidate(w, f, items, &printed);
		for (k = 0; k < printed && err == 0; k++) {
			err = meter_add(&meter, items[k].text, items[k].len);
		}
		if (err == 0 && meter_estimate(&meter) > GZIP_BUDGET_BYTES) {
			w->kept_rules = rules_before;
			w->dropped_by_size = selected - w->kept;
			break;
		}
		w->kept++;
		w->kept_rules = w->rules.count;
	}
	meter_dispose(&meter);
	if (err == ASSAY_EIO) {
		err = assay_error(w->ctx, err, "compressing SARIF to measure its size failed");
	}
	return err;
}

#ifdef ASSAY_HAVE_LIBDEFLATE
/* How far printing may run ahead of the meter, in items. */
#define METER_LOOKAHEAD 512

/*
 * The items between the thread that prints them and the thread that
 * compresses them. Compressing is about a third of the SARIF output's work,
 * so it runs beside the printing. The meter thread calls no assay API.
 */
typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	meter_item *items; /* room for every item of every selected result: never moved */
	size_t produced;
	size_t consumed;
	bool finished; /* no more items will come */
	bool stop;     /* the meter found the cut or failed: print no more */
	size_t kept;
	size_t kept_rules;
	bool cut;
	int err;
	size_meter meter;
} meter_queue;

static void *run_meter(void *arg)
{
	meter_queue *q = arg;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		meter_item item;
		bool over = false;
		int err = 0;

		while (q->consumed == q->produced && !q->finished) {
			pthread_cond_wait(&q->changed, &q->lock);
		}
		if (q->consumed == q->produced) {
			break;
		}
		item = q->items[q->consumed];
		pthread_mutex_unlock(&q->lock);

		err = meter_add(&q->meter, item.text, item.len);
		over = err == 0 && item.ends_result && meter_estimate(&q->meter) > GZIP_BUDGET_BYTES;

		pthread_mutex_lock(&q->lock);
		q->consumed++;
		if (err != 0 || over) {
			q->err = err;
			q->cut = over;
			q->stop = true;
		} else if (item.ends_result) {
			q->kept++;
			q->kept_rules = item.rules_after;
		}
		pthread_cond_broadcast(&q->changed);
		if (q->stop) {
			break;
		}
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Hand the items of one result to the meter; false once the meter has stopped. */
static bool meter_push(meter_queue *q, const meter_item *items, size_t count)
{
	bool stopped = false;
	size_t k;

	pthread_mutex_lock(&q->lock);
	for (k = 0; k < count; k++) {
		q->items[q->produced++] = items[k];
	}
	pthread_cond_broadcast(&q->changed);
	while (!q->stop && q->produced - q->consumed >= METER_LOOKAHEAD) {
		pthread_cond_wait(&q->changed, &q->lock);
	}
	stopped = q->stop;
	pthread_mutex_unlock(&q->lock);
	return !stopped;
}

/*
 * Prefetch the struct of the finding two places after `i` and the strings
 * of the next one. The core sorts findings after reading them, so without
 * this most strings cost a cache miss while they are printed.
 */
static void prefetch_ahead(assay_ctx *ctx, size_t count, size_t i)
{
	if (i + 2 < count) {
		assay_finding_prefetch(assay_finding_at(ctx, i + 2), ASSAY_PREFETCH_STRUCT);
	}
	if (i + 1 < count) {
		assay_finding_prefetch(assay_finding_at(ctx, i + 1), ASSAY_PREFETCH_STRINGS);
	}
}

/* Print the selected results and hand them to the meter thread until it stops or all are printed. */
static int print_for_meter(sarif_writer *w, meter_queue *q)
{
	size_t count = assay_finding_count(w->ctx);
	selection s = {0, 0};
	size_t i;
	int err = 0;

	for (i = 0; i < count; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);
		meter_item items[2];
		size_t printed = 0;

		prefetch_ahead(w->ctx, count, i);
		if (!select_finding(w, &s, f)) {
			continue;
		}
		err = print_candidate(w, f, items, &printed);
		if (err != 0 || !meter_push(q, items, printed)) {
			break;
		}
	}
	pthread_mutex_lock(&q->lock);
	q->finished = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	return err;
}

/*
 * plan_size_in_order with the deflating on a second thread. The printing
 * may run ahead of the cut; what it printed past the cut is never written,
 * and the rules it added are past kept_rules. Returns 1 when the thread
 * cannot be started, so the caller plans in order instead.
 */
static int plan_size_threaded(sarif_writer *w)
{
	size_t selected = w->active_quota + w->ignored_quota;
	meter_queue q;
	pthread_t thread;
	int err;

	memset(&q, 0, sizeof(q));
	q.items = malloc((2 * selected + 1) * sizeof(*q.items));
	if (q.items == NULL || meter_init(&q.meter) != 0) {
		free(q.items);
		return out_of_memory(w);
	}
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.changed, NULL);
	if (pthread_create(&thread, NULL, run_meter, &q) != 0) {
		err = 1;
		goto out;
	}
	err = print_for_meter(w, &q);
	pthread_join(thread, NULL);
	if (err == 0 && q.err != 0) {
		err = assay_error(w->ctx, q.err, "compressing SARIF to measure its size failed");
	}
	if (err == 0) {
		w->kept = q.kept;
		w->kept_rules = q.kept_rules;
		if (q.cut) {
			w->dropped_by_size = selected - w->kept;
		}
	}
out:
	pthread_cond_destroy(&q.changed);
	pthread_mutex_destroy(&q.lock);
	meter_dispose(&q.meter);
	free(q.items);
	return err;
}
#endif

static int plan_size(sarif_writer *w)
{
#ifdef ASSAY_HAVE_LIBDEFLATE
	int err = plan_size_threaded(w);

	if (err != 1) {
		return err;
	}
#endif
	return plan_size_in_order(w);
}

/* ---- Writing ---- */

static void write_buffer(sarif_writer *w)
{
	fputs(w->buffer, w->out);
}

/* Write `text` as a JSON string. */
static int write_string(sarif_writer *w, const char *text)
{
	cJSON *item = sarif_json_text(text, 0);
	int err;

	if (item == NULL) {
		return out_of_memory(w);
	}
	err = print_item(w, item);
	cJSON_Delete(item);
	if (err == 0) {
		write_buffer(w);
	}
	return err;
}

/* Append the repository of an image reference: no digest, no tag. */
static void add_repository(sarif_buf *b, const char *name)
{
	size_t len = strcspn(name, "@");
	const char *slash = NULL;
	size_t i;

	for (i = 0; i < len; i++) {
		if (name[i] == '/') {
			slash = name + i;
		}
	}
	for (i = slash != NULL ? (size_t)(slash - name) : 0; i < len; i++) {
		if (name[i] == ':') {
			len = i;
			break;
		}
	}
	sarif_buf_add_len(b, name, len);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The category of the run: "assay/<repository>/" for one image, the
 * sorted repositories joined by "+" for several, so a new tag of the same
 * image replaces the previous analysis instead of starting a new one. The
 * option sarif-category overrides it.
 */
static void build_category(sarif_buf *b, assay_ctx *ctx)
{
	const char *option = assay_option_get(ctx, "sarif-category");
	size_t count = assay_image_count(ctx);
	sarif_buf names = {0};
	char **list = NULL;
	size_t i;

	if (option != NULL && option[0] != '\0') {
		sarif_buf_add_text(b, option, 255, true);
		if (b->len > 0 && b->data[b->len - 1] != '/') {
			sarif_buf_add(b, "/");
		}
		return;
	}
	sarif_buf_add(b, "assay/");
	list = calloc(count > 0 ? count : 1, sizeof(*list));
	if (list == NULL) {
		b->failed = true;
		return;
	}
	for (i = 0; i < count; i++) {
		sarif_buf_reset(&names);
		add_repository(&names, assay_image_at(ctx, i)->name);
		list[i] = names.failed ? NULL : strdup(names.data);
		if (list[i] == NULL) {
			b->failed = true;
			count = i;
		}
	}
	qsort(list, count, sizeof(*list), compare_strings);
	sarif_buf_reset(&names);
	for (i = 0; i < count; i++) {
		if (i > 0 && strcmp(list[i], list[i - 1]) == 0) {
			continue;
		}
		sarif_buf_add(&names, names.len > 0 ? "+" : "");
		sarif_buf_add_text(&names, list[i], 0, true);
	}
	if (names.len > 200) {
		sarif_buf_addf(b, "images-%016llx", (unsigned long long)hash_text(names.data));
	} else if (names.len > 0) {
		sarif_buf_add(b, names.data);
	}
	if (names.len > 0) {
		sarif_buf_add(b, "/");
	}
	for (i = 0; i < count; i++) {
		free(list[i]);
	}
	free(list);
	sarif_buf_dispose(&names);
}

/* An ISO 8601 UTC time such as 2031-03-14T09:26:53Z. */
static void format_time(char *out, size_t size, time_t when)
{
	struct tm tm;

	if (gmtime_r(&when, &tm) == NULL || strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		snprintf(out, size, "1970-01-01T00:00:00Z");
	}
}

static int write_head(sarif_writer *w)
{
	int err;

	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA_URI "\",\n  \"version\": \"2.1.0\",\n", w->out);
	fputs("  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n", w->out);
	fputs("          \"name\": \"assay\",\n          \"version\": ", w->out);
	err = write_string(w, assay_version());
	if (err != 0) {
		return err;
	}
	fputs(",\n          \"semanticVersion\": ", w->out);
	err = write_string(w, assay_version());
#ifdef ASSAY_HOMEPAGE_URL
	fputs(",\n          \"informationUri\": \"" ASSAY_HOMEPAGE_URL "\"", w->out);
#endif
	fputs(",\n          \"rules\": [", w->out);
	return err;
}

static int write_rules(sarif_writer *w)
{
	size_t i;
	int err = 0;

	/* The rule table numbers rules in order of first use, as they were printed. */
	for (i = 0; i < w->kept_rules; i++) {
		fputs(i == 0 ? "\n            " : ",\n            ", w->out);
		printed_write(&w->printed_rules, i, w->out);
	}
	fputs(w->kept_rules > 0 ? "\n          ]\n" : "]\n", w->out);
	fputs("        }\n      },\n", w->out);
	return err;
}

/* The warnings of the cut, for the log and for the SARIF invocation. */
static void describe_cut(sarif_buf *b, const sarif_writer *w, bool by_size)
{
	if (!by_size) {
		sarif_buf_addf(b,
			       "%zu of %zu results left out: GitHub code scanning rejects a run with "
			       "more than %d results; the least severe were dropped",
			       w->dropped_by_count, w->candidates, GITHUB_MAX_RESULTS);
	} else {
		sarif_buf_addf(b,
			       "%zu more results left out to stay under GitHub's limit of %d bytes "
			       "gzip-compressed; the least severe were dropped",
			       w->dropped_by_size, GITHUB_MAX_GZIP_BYTES);
	}
}

static cJSON *notification_json(const sarif_buf *text)
{
	cJSON *item = cJSON_CreateObject();
	cJSON *message = cJSON_CreateObject();

	if (item == NULL || message == NULL ||
	    !cJSON_AddItemToObject(message, "text", sarif_json_buf(text)) ||
	    !cJSON_AddItemToObject(item, "message", message)) {
		cJSON_Delete(message);
		cJSON_Delete(item);
		return NULL;
	}
	if (cJSON_AddStringToObject(item, "level", "warning") == NULL) {
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

/* {"executionSuccessful": true, "startTimeUtc", "endTimeUtc", notifications of the cut}. */
static cJSON *invocation_json(const sarif_writer *w)
{
	cJSON *invocation = cJSON_CreateObject();
	cJSON *notifications = cJSON_CreateArray();
	char start[32];
	char end[32];
	int pass;
	bool ok = invocation != NULL && notifications != NULL;

	format_time(start, sizeof(start), (time_t)assay_run_time(w->ctx));
	format_time(end, sizeof(end), time(NULL));
	ok = ok && cJSON_AddBoolToObject(invocation, "executionSuccessful", true) != NULL &&
	     cJSON_AddStringToObject(invocation, "startTimeUtc", start) != NULL &&
	     cJSON_AddStringToObject(invocation, "endTimeUtc", end) != NULL;
	for (pass = 0; ok && pass < 2; pass++) {
		sarif_buf text = {0};

		if ((pass == 0 ? w->dropped_by_count : w->dropped_by_size) == 0) {
			continue;
		}
		describe_cut(&text, w, pass == 1);
		ok = cJSON_AddItemToArray(notifications, notification_json(&text));
		sarif_buf_dispose(&text);
	}
	if (ok && cJSON_GetArraySize(notifications) > 0) {
		ok = cJSON_AddItemToObject(invocation, "toolExecutionNotifications", notifications);
		notifications = ok ? NULL : notifications;
	}
	cJSON_Delete(notifications);
	if (!ok) {
		cJSON_Delete(invocation);
		return NULL;
	}
	return invocation;
}

/* automationDetails, invocations and properties of the run, each on a line. */
static int write_run_details(sarif_writer *w)
{
	sarif_buf category = {0};
	cJSON *invocation = invocation_json(w);
	cJSON *properties = cJSON_CreateObject();
	int err = ASSAY_ENOMEM;

	build_category(&category, w->ctx);
	if (invocation == NULL || properties == NULL || category.failed ||
	    cJSON_AddNumberToObject(properties, "omittedResults",
				    (double)(w->dropped_by_count + w->dropped_by_size)) == NULL ||
	    cJSON_AddNumberToObject(properties, "ignoredFindingsLeftOut",
				    (double)w->ignored_left_out) == NULL) {
		err = out_of_memory(w);
		goto out;
	}
	fputs("      \"automationDetails\": {\"id\": ", w->out);
	err = write_string(w, category.data);
	if (err == 0) {
		fputs("},\n      \"invocations\": [", w->out);
		err = print_item(w, invocation);
	}
	if (err == 0) {
		write_buffer(w);
		fputs("],\n      \"properties\": ", w->out);
		err = print_item(w, properties);
	}
	if (err == 0) {
		write_buffer(w);
		fputs(",\n", w->out);
	}
out:
	cJSON_Delete(invocation);
	cJSON_Delete(properties);
	sarif_buf_dispose(&category);
	return err;
}

static int write_results(sarif_writer *w)
{
	size_t written = 0;

	fputs("      \"results\": [", w->out);
	/* The kept results are the first ones printed while measuring, in the same order. */
	for (written = 0; written < w->kept; written++) {
		fputs(written == 0 ? "\n        " : ",\n        ", w->out);
		printed_write(&w->printed_results, written, w->out);
		if (ferror(w->out)) {
			written++;
			break;
		}
	}
	fputs(written > 0 ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", w->out);
	return 0;
}

static void log_cut(sarif_writer *w)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		sarif_buf text = {0};

		if ((pass == 0 ? w->dropped_by_count : w->dropped_by_size) == 0) {
			continue;
		}
		describe_cut(&text, w, pass == 1);
		if (!text.failed) {
			assay_log(w->ctx, ASSAY_LOG_WARN, "%s", text.data);
		}
		sarif_buf_dispose(&text);
	}
}

/* Read the plugin's options. Returns 0 or ASSAY_EINVAL. */
static int read_options(sarif_writer *w)
{
	const char *suppressed = assay_option_get(w->ctx, "sarif-suppressed");

	if (suppressed == NULL || strcmp(suppressed, "omit") == 0) {
		w->include_ignored = false;
	} else if (strcmp(suppressed, "include") == 0) {
		w->include_ignored = true;
	} else {
		return assay_error(w->ctx, ASSAY_EINVAL,
				   "invalid --option sarif-suppressed='%s': expected include or omit",
				   suppressed);
	}
	return 0;
}

static int sarif_write(assay_ctx *ctx, FILE *out)
{
	const char *dockerfile = assay_option_get(ctx, "dockerfile");
	sarif_writer w;
	int err;
	int i;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.out = out;
	w.sc.ctx = ctx;
	w.sc.several_images = assay_image_count(ctx) > 1;
	err = read_options(&w);
	if (err == 0 && dockerfile != NULL) {
		err = sarif_dockerfile_load(&w.sc.dockerfile, ctx, dockerfile);
	}
	if (err != 0) {
		goto out;
	}

	plan_count(&w);
	err = plan_size(&w);
	if (err == 0) {
		err = write_head(&w);
	}
	if (err == 0) {
		err = write_rules(&w);
	}
	if (err == 0) {
		err = write_run_details(&w);
	}
	if (err == 0) {
		err = write_results(&w);
	}
	if (err == 0 && (fflush(out) != 0 || ferror(out))) {
		err = assay_error(ctx, ASSAY_EIO, "writing SARIF to '%s' failed: %s",
				  assay_output_path(ctx), strerror(errno));
	}
	if (err == 0) {
		log_cut(&w);
	}
out:
	sarif_dockerfile_free(w.sc.dockerfile);
	for (i = 0; i < SARIF_SCRATCH_COUNT; i++) {
		sarif_buf_dispose(&w.sc.scratch[i]);
	}
	rules_dispose(&w.rules);
	printed_dispose(&w.printed_rules);
	printed_dispose(&w.printed_results);
	free(w.buffer);
	sarif_buf_dispose(&w.item);
	return err;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "sarif",
	.version = "0.1.0",
	.summary = "SARIF 2.1.0 for GitHub code scanning, within GitHub's upload limits",
	.write = sarif_write,
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
