/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a report: bounded read or mapping, byte-level checks, one JSON parse. */
/* MAP_ANONYMOUS and madvise are outside POSIX 2008. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * A block of memory for one parse tree. cJSON allocates a node or a string
 * per JSON value and frees them one by one. A report of 100,000 findings has
 * millions, and perf showed freeing them costing more than the parse. So the
 * tree is allocated from large blocks and dropped block by block.
 */
struct tree_block {
	tree_block *next;
	size_t size; /* of the mapping, this header included */
	size_t used;
};

#define TREE_BLOCK_MIN ((size_t)1 << 20)
#define TREE_BLOCK_MAX ((size_t)64 << 20)

/* Regular files from this size on are mapped rather than copied into memory. */
#define MAP_MIN ((size_t)1 << 20)

/* Reports from this size on are checked on a second thread while they are parsed. */
#define PARALLEL_CHECK_MIN ((size_t)1 << 20)

/*
 * The blocks of the parse in progress, newest first. cJSON's allocation
 * hooks are process-wide and take no context, so this list is static too.
 * The hooks are set only while one parse runs.
 *
 * NOTE: while a report is parsed, any cJSON allocation in the process goes
 * to these blocks. assay's own threads do not use cJSON then, but a program
 * that embeds libassay must not load reports while its other threads use
 * cJSON, nor load reports of two runs at once.
 */
static tree_block *parsing_tree;

static void *tree_alloc(size_t size)
{
	tree_block *block = parsing_tree;
	size_t header = (sizeof(tree_block) + 15) & ~(size_t)15;
	void *memory;

	/* Nodes contain pointers and doubles, so every allocation is 8-byte aligned. */
	size = (size + 7) & ~(size_t)7;
	if (!block || block->size - block->used < size) {
		size_t want = block ? block->size * 2 : TREE_BLOCK_MIN;

		if (want > TREE_BLOCK_MAX) {
			want = TREE_BLOCK_MAX;
		}
		if (want < header + size) {
			want = header + size;
		}
		memory = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (memory == MAP_FAILED) {
			return NULL;
		}
#ifdef MADV_HUGEPAGE
		/* Huge pages, where the kernel has them, take 512 times fewer page faults. */
		(void)madvise(memory, want, MADV_HUGEPAGE);
#endif
		block = memory;
		block->next = parsing_tree;
		block->size = want;
		block->used = header;
		parsing_tree = block;
	}
	memory = (char *)block + block->used;
	block->used += size;
	return memory;
}

/* A no-op: cJSON frees only during a failed parse, and then the whole tree is dropped. */
static void tree_free(void *pointer)
{
	(void)pointer;
}

static void tree_dispose(tree_block *block)
{
	while (block) {
		tree_block *next = block->next;

		munmap(block, block->size);
		block = next;
	}
}

/* Parse `size` bytes of `text` (NUL included) into a tree that lives in *out_tree. */
static cJSON *parse_tree(tree_block **out_tree, const char *text, size_t size,
			 const char **parse_end)
{
	cJSON_Hooks hooks = {.malloc_fn = tree_alloc, .free_fn = tree_free};
	cJSON *json;

	parsing_tree = NULL;
	cJSON_InitHooks(&hooks);
	json = cJSON_ParseWithLengthOpts(text, size, parse_end, true);
	cJSON_InitHooks(NULL);
	*out_tree = parsing_tree;
	parsing_tree = NULL;
	return json;
}

/* Record that the report at `path` exceeds ASSAY_MAX_INPUT_BYTES; returns ASSAY_ELIMIT. */
static int report_too_large(assay_run *run, const char *path)
{
	return run_error(run, ASSAY_ELIMIT,
			 "%s: report too large: more than %zu bytes; split the scan or filter the "
			 "report before passing it to assay",
			 path, ASSAY_MAX_INPUT_BYTES);
}

/* Read all of `stream` into a NUL-terminated buffer of at most ASSAY_MAX_INPUT_BYTES. */
static int read_stream(char **out, size_t *out_size, assay_run *run, const char *path,
		       FILE *stream)
{
	char *data = NULL;
	size_t size = 0;
	size_t capacity = 0;
	int err = 0;

	for (;;) {
		size_t n;

		if (capacity - size < 65536 + 1) {
			size_t bigger = capacity ? capacity * 2 : 1 << 20;
			char *grown;

			if (bigger > ASSAY_MAX_INPUT_BYTES + 65536 + 1) {
				bigger = ASSAY_MAX_INPUT_BYTES + 65536 + 1;
			}
			grown = realloc(data, bigger);
			if (!grown) {
				err = run_error(run, ASSAY_ENOMEM, "%s: out of memory while reading",
						path);
				goto out;
			}
			data = grown;
			capacity = bigger;
		}

		n = fread(data + size, 1, capacity - size - 1, stream);
		size += n;
		if (size > ASSAY_MAX_INPUT_BYTES) {
			err = report_too_large(run, path);
			goto out;
		}
		if (n == 0) {
			break;
		}
	}
	if (ferror(stream)) {
		err = run_error(run, ASSAY_EIO, "%s: read failed: %s", path, strerror(errno));
		goto out;
	}

	data[size] = '\0';
	*out = data;
	*out_size = size;
	data = NULL;

out:
	free(data);
	return err;
}

/*
 * Map a large regular file read-only instead of copying it. The parse then
 * reads the page cache itself, which saves a copy and a page fault per 4 KiB
 * of a buffer. The file is mapped onto an anonymous mapping at least one
 * byte longer, so a NUL follows its bytes even when its size is a multiple
 * of the page size. Returns false when mapping fails; the caller reads then.
 *
 * NOTE: a file truncated by another process while it is mapped makes the
 * next access to a lost page raise SIGBUS. Scanners write their report
 * before assay runs, so this is not handled.
 */
static bool map_report(document *doc, int fd, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t length;
	char *base;

	if (page <= 0) {
		return false;
	}
	length = (size + 1 + (size_t)page - 1) / (size_t)page * (size_t)page;
	base = mmap(NULL, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		return false;
	}
	if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) ==
	    MAP_FAILED) {
		munmap(base, length);
		return false;
	}
	doc->bytes = base;
	doc->mapped = length;
	doc->text = base;
	doc->size = size;
	return true;
}

/* Free or unmap the report's bytes. */
static void release_bytes(document *doc)
{
	if (doc->mapped) {
		munmap(doc->bytes, doc->mapped);
	} else {
		free(doc->bytes);
	}
	doc->bytes = NULL;
	doc->mapped = 0;
	doc->text = NULL;
}

/* Read the report at `stream`: mapped when it is a large regular file, else copied. */
static int read_report_bytes(document *doc, assay_run *run, const char *path, FILE *stream)
{
	struct stat st;
	int err;

	/* stdin may be a file read from some offset on, so it is always read, never mapped. */
	if (stream != stdin && fstat(fileno(stream), &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size >= MAP_MIN) {
		if ((size_t)st.st_size > ASSAY_MAX_INPUT_BYTES) {
			return report_too_large(run, path);
		}
		if (map_report(doc, fileno(stream), (size_t)st.st_size)) {
			return 0;
		}
	}
	err = read_stream(&doc->bytes, &doc->size, run, path, stream);
	if (err) {
		return err;
	}
	doc->text = doc->bytes;
	return 0;
}

/* Length of the valid UTF-8 sequence at `s`, or 0 when it is invalid. */
static size_t utf8_sequence_length(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];

	if (c < 0x80) {
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		return left >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		/* Reject overlong forms (E0 80..9F) and UTF-16 surrogates (ED A0..BF). */
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;

		return left >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		/* Reject overlong forms (F0 80..8F) and code points above U+10FFFF. */
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

		return left >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
				       (s[3] & 0xC0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

#define ONES ((uint64_t)0x0101010101010101)
#define HIGH_BITS ((uint64_t)0x8080808080808080)

/* The high bit of each zero byte of `word`, and perhaps of bytes after the first zero. */
static uint64_t zero_bytes(uint64_t word)
{
	return (word - ONES) & ~word & HIGH_BITS;
}

/*
 * The number of leading bytes of s[0..7] that check_bytes may skip: ASCII
 * other than NUL and, for JSON, other than the bytes that change its state
 * (quote and backslash in a string; quote and brackets outside) and the
 * control characters a string may not hold. Skipping
 * eight bytes per step instead of one makes the check several times faster
 * on long strings and indentation.
 */
static size_t plain_prefix(const unsigned char *s, bool json, bool in_string)
{
	uint64_t word;
	uint64_t special;

	memcpy(&word, s, sizeof(word));
	special = (word & HIGH_BITS) | zero_bytes(word);
	if (json) {
		special |= zero_bytes(word ^ (ONES * '"'));
		if (in_string) {
			/* Like zero_bytes, this flags the bytes below 0x20 (exact for the lowest one). */
			special |= zero_bytes(word ^ (ONES * '\\')) | ((word - ONES * 0x20) & ~word & HIGH_BITS);
		} else {
			/* Setting bit 5 maps '[' to '{' and ']' to '}' and no other byte onto them. */
			uint64_t folded = word | (ONES * 0x20);

			special |= zero_bytes(folded ^ (ONES * '{')) | zero_bytes(folded ^ (ONES * '}'));
		}
	}
	if (special == 0) {
		return sizeof(word);
	}
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The lowest flag is exact: a borrow only marks bytes after a true zero byte. */
	return (size_t)__builtin_ctzll(special) / 8;
#else
	return 0;
#endif
}

/*
 * Check the bytes of a report before parsing: no NUL byte, valid UTF-8,
 * and for JSON no raw control character inside a string (cJSON accepts
 * them) and no nesting deeper than ASSAY_MAX_JSON_DEPTH. Escaped NULs
 * (\u0000) are counted, not rejected: Grype 0.75 writes them inside CPE
 * strings, and cJSON cuts such a string at the NUL.
 */
static int check_bytes(assay_run *run, const char *path, const char *data, size_t size,
		       bool json, bool *unclosed, size_t *escaped_nuls)
{
	const unsigned char *s = (const unsigned char *)data;
	bool in_string = false;
	int depth = 0;
	size_t i = 0;

	while (i < size) {
		unsigned char c;
		size_t n;

		if (size - i >= 8) {
			size_t plain = plain_prefix(s + i, json, in_string);

			i += plain;
			if (plain == 8) {
				continue;
			}
		}
		c = s[i];
		if (c == 0) {
			return run_error(run, ASSAY_EPARSE,
					 "%s: NUL byte at byte %zu: a scanner report is text; check that "
					 "the file is not truncated or binary",
					 path, i);
		}
		n = utf8_sequence_length(s + i, size - i);
		if (n == 0) {
			return run_error(run, ASSAY_EPARSE,
					 "%s: invalid UTF-8 at byte %zu: reports must be UTF-8 encoded",
					 path, i);
		}
		if (!json || n > 1) {
			i += n;
			continue;
		}

		if (in_string) {
			if (c < 0x20) {
				return run_error(run, ASSAY_EPARSE,
						 "%s: control character 0x%02x inside a JSON string at "
						 "byte %zu: JSON requires it escaped (\\n, \\t, \\u00%02x), "
						 "so the file is not valid JSON",
						 path, c, i, c);
			}
			if (c == '\\' && i + 1 < size) {
				if (s[i + 1] == 'u' && i + 5 < size && memcmp(s + i + 2, "0000", 4) == 0) {
					(*escaped_nuls)++;
				}
				i += 2;
				continue;
			}
			if (c == '"') {
				in_string = false;
			}
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			depth++;
			if (depth > ASSAY_MAX_JSON_DEPTH) {
				return run_error(run, ASSAY_ELIMIT,
						 "%s: JSON nested deeper than %d levels at byte %zu; "
						 "scanner reports are far shallower, so the file is "
						 "probably not a report",
						 path, ASSAY_MAX_JSON_DEPTH, i);
			}
		} else if (c == ']' || c == '}') {
			depth--;
		}
		i++;
	}
	*unclosed = in_string || depth > 0;
	return 0;
}

/*
 * Whether the report is JSON: an object, an array, or a bare null (older
 * Trivy releases write `null` for a scan with no results). Anything else,
 * such as a CSV export whose first cell is a number, is passed on as text.
 */
static bool looks_like_json(const char *data, size_t size, size_t *start)
{
	size_t i = 0;

	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
		i++;
	}
	*start = i;
	if (i == size) {
		return false;
	}
	return data[i] == '{' || data[i] == '[' || (size - i >= 4 && memcmp(data + i, "null", 4) == 0);
}

static int open_report(FILE **out, assay_run *run, const char *path)
{
	struct stat st;
	FILE *stream;

	if (strcmp(path, "-") == 0) {
		*out = stdin;
		return 0;
	}

	stream = fopen(path, "rb");
	if (!stream) {
		int saved = errno;

		if (saved == ENOENT) {
			return run_error(run, ASSAY_ENOTFOUND, "%s: file not found", path);
		}
		return run_error(run, ASSAY_EIO, "%s: cannot open: %s", path, strerror(saved));
	}
	if (fstat(fileno(stream), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(stream);
		return run_error(run, ASSAY_EINVAL, "%s: is a folder, expected a report file", path);
	}
	*out = stream;
	return 0;
}

/* The byte check of a report, run on a thread of its own while the report is parsed. */
typedef struct {
	assay_run *run;
	const char *path;
	const char *data;
	size_t size;
	bool unclosed;
	size_t escaped_nuls;
	int err;
} byte_check;

static void *run_byte_check(void *arg)
{
	byte_check *check = arg;

	check->err = check_bytes(check->run, check->path, check->data, check->size, true,
				 &check->unclosed, &check->escaped_nuls);
	return NULL;
}

/*
 * Describe where byte `offset` of `text` lies for people: its line, its
 * column and the bytes from there, or the last bytes when `offset` is the
 * end of the text. Anything but printable ASCII is shown as '.', as in
 * `line 3, column 19, at "},. ]}"`.
 */
/* Bytes of the report that an invalid-JSON message shows. */
#define EXCERPT_BYTES 24

static void describe_position(char *out, size_t size, const char *text, size_t length,
			      size_t offset)
{
	size_t line = 1;
	size_t line_start = 0;
	size_t from;
	size_t to;
	char near[EXCERPT_BYTES + 1];
	size_t n = 0;
	size_t i;

	if (offset > length) {
		offset = length;
	}
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	}
	from = offset;
	to = length - offset > EXCERPT_BYTES ? offset + EXCERPT_BYTES : length;
	if (from == length) {
		from = length > EXCERPT_BYTES ? length - EXCERPT_BYTES : 0;
	}
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)text[i];

		near[n++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	near[n] = '\0';
	snprintf(out, size, "line %zu, column %zu, %s \"%s\"", line, offset - line_start + 1,
		 offset == length ? "at the end, after" : "at", near);
}

/*
 * Check the bytes of a JSON report and parse it. On a large report the
 * check runs on a second thread during the parse. The parse does not
 * need the check first, because cJSON bounds its own nesting and reads
 * any bytes. A tree parsed from bytes that fail the check is dropped, so
 * the outcome and its message are those of checking first.
 */
static int check_and_parse(document *doc, assay_run *run, const char *path)
{
	/* The check reads from the file's first byte, so its offsets count a byte order mark. */
	size_t skipped = (size_t)(doc->text - doc->bytes);
	byte_check check = {run, path, doc->bytes, skipped + doc->size, false, 0, 0};
	const char *parse_end = NULL;
	pthread_t thread;
	bool threaded = doc->size >= PARALLEL_CHECK_MIN &&
			pthread_create(&thread, NULL, run_byte_check, &check) == 0;

	if (!threaded) {
		run_byte_check(&check);
		if (check.err) {
			return check.err;
		}
	}
	/* The length includes the terminating NUL, so trailing garbage is an error. */
	doc->json = parse_tree(&doc->tree, doc->text, doc->size + 1, &parse_end);
	if (threaded) {
		pthread_join(thread, NULL);
		if (check.err) {
			doc->json = NULL; /* its blocks go with the document */
			return check.err;
		}
	}

	if (check.escaped_nuls > 0) {
		run_log(run, ASSAY_LOG_WARN, NULL,
			"%s: %zu string(s) contain an escaped NUL (\\u0000); they are cut at the NUL",
			path, check.escaped_nuls);
	}
	if (!doc->json) {
		size_t offset = parse_end ? (size_t)(parse_end - doc->text) : 0;
		char where[128];

		describe_position(where, sizeof(where), doc->text, doc->size, offset);
		return run_error(run, ASSAY_EPARSE, "%s: invalid JSON at byte %zu (%s)%s", path,
				 skipped + offset, where,
				 check.unclosed ? "; the file ends inside a string, array or object: "
						  "truncated?"
						: "");
	}
	return 0;
}

int document_load(document *out, assay_run *run, const char *path)
{
	document doc = {0};
	FILE *stream = NULL;
	size_t start = 0;
	bool unclosed = false;
	size_t escaped_nuls = 0;
	int err;

	err = open_report(&stream, run, path);
	if (err) {
		return err;
	}
	err = read_report_bytes(&doc, run, path, stream);
	if (stream != stdin) {
		fclose(stream);
	}
	if (err) {
		goto out;
	}

	/* A UTF-8 byte order mark (written by some Windows tools) is not part of the report. */
	if (doc.size >= 3 && memcmp(doc.text, "\xEF\xBB\xBF", 3) == 0) {
		doc.text += 3;
		doc.size -= 3;
	}

	if (!looks_like_json(doc.text, doc.size, &start) && start == doc.size) {
		err = run_error(run, ASSAY_EPARSE,
				"%s: empty file: expected a scanner report; check that the scanner "
				"wrote its output to this file",
				path);
		goto out;
	}

	if (!looks_like_json(doc.text, doc.size, &start)) {
		err = check_bytes(run, path, doc.bytes, (size_t)(doc.text - doc.bytes) + doc.size, false,
				  &unclosed, &escaped_nuls);
		goto out;
	}

	err = check_and_parse(&doc, run, path);
	if (err) {
		goto out;
	}
	release_bytes(&doc);

out:
	if (err) {
		document_dispose(&doc);
		return err;
	}
	doc.path = strdup(path);
	if (!doc.path) {
		document_dispose(&doc);
		return run_error(run, ASSAY_ENOMEM, "%s: out of memory", path);
	}
	*out = doc;
	return 0;
}

void document_dispose(document *doc)
{
	tree_dispose(doc->tree);
	release_bytes(doc);
	free(doc->path);
	memset(doc, 0, sizeof(*doc));
}
