/* SPDX-License-Identifier: Apache-2.0 */
/* Dockerfile anchoring for SARIF: the last FROM line and the instruction behind each image layer. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sarif.h"

/* A Dockerfile larger than this is not a Dockerfile a person maintains. */
#define DOCKERFILE_MAX_BYTES ((size_t)1024 * 1024)

/* Placeholder when the path leaves nothing usable as a relative URI. */
#define DOCKERFILE_FALLBACK_URI "Dockerfile"

/* A layer-creating instruction (RUN, COPY, ADD) of the last build stage. */
typedef struct {
	char *signature; /* "RUN <command>", "COPY <destination>" or "ADD <destination>" */
	int line;
} dockerfile_step;

/* The layer lines of one image, computed on first use. */
typedef struct {
	const assay_image *image;
	int *lines; /* one per diff id */
	size_t count;
} image_anchors;

struct sarif_dockerfile {
	char *uri;
	int from_line;
	dockerfile_step *steps;
	size_t step_count;
	size_t step_capacity;
	image_anchors *anchors;
	size_t anchor_count;
	bool failed; /* an allocation failed while parsing */
};

/* ---- Signatures: what a Dockerfile step and a history entry are compared by ---- */

/* Copy `text` with runs of whitespace collapsed to one space and both ends trimmed. */
static void add_collapsed(sarif_buf *b, const char *text, size_t len)
{
	bool pending_space = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (isspace((unsigned char)c)) {
			pending_space = true;
			continue;
		}
		if (pending_space && b->len > 0 && b->data[b->len - 1] != ' ') {
			sarif_buf_add_len(b, " ", 1);
		}
		pending_space = false;
		sarif_buf_add_len(b, &c, 1);
	}
}

static const char *skip_spaces(const char *s)
{
	while (*s != '\0' && isspace((unsigned char)*s)) {
		s++;
	}
	return s;
}

/* Skip leading "--flag" and "--flag=value" options (BuildKit's --mount, --chown, --from …). */
static const char *skip_flags(const char *s)
{
	s = skip_spaces(s);
	while (s[0] == '-' && s[1] == '-') {
		while (*s != '\0' && !isspace((unsigned char)*s)) {
			s++;
		}
		s = skip_spaces(s);
	}
	return s;
}

/* "RUN " + the command, from a shell form or a JSON exec form. */
static void add_run_signature(sarif_buf *b, const char *args)
{
	cJSON *array = NULL;
	const cJSON *item;

	sarif_buf_add(b, "RUN ");
	args = skip_flags(args);
	if (args[0] == '[') {
		array = cJSON_Parse(args);
	}
	if (!cJSON_IsArray(array)) {
		add_collapsed(b, args, strlen(args));
		cJSON_Delete(array);
		return;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (cJSON_IsString(item)) {
			if (b->len > 4) {
				sarif_buf_add(b, " ");
			}
			add_collapsed(b, item->valuestring, strlen(item->valuestring));
		}
	}
	cJSON_Delete(array);
}

/* Append a COPY or ADD destination without its trailing slashes ("/" stays "/"). */
static void add_destination(sarif_buf *b, const char *dest, size_t len)
{
	while (len > 1 && dest[len - 1] == '/') {
		len--;
	}
	sarif_buf_add_len(b, dest, len);
}

/* "COPY <destination>": the last argument of a shell or JSON form. */
static void add_copy_signature(sarif_buf *b, const char *keyword, const char *args)
{
	cJSON *array = NULL;
	const char *end;
	const char *start;

	sarif_buf_addf(b, "%s ", keyword);
	args = skip_flags(args);
	if (args[0] == '[') {
		array = cJSON_Parse(args);
	}
	if (cJSON_IsArray(array)) {
		const cJSON *last = cJSON_GetArrayItem(array, cJSON_GetArraySize(array) - 1);

		if (cJSON_IsString(last)) {
			add_destination(b, last->valuestring, strlen(last->valuestring));
		}
		cJSON_Delete(array);
		return;
	}
	cJSON_Delete(array);
	end = args + strlen(args);
	while (end > args && isspace((unsigned char)end[-1])) {
		end--;
	}
	start = end;
	while (start > args && !isspace((unsigned char)start[-1])) {
		start--;
	}
	add_destination(b, start, (size_t)(end - start));
}

/* Whether `text` starts with `prefix`, ASCII case-insensitively. */
static bool starts_with_word(const char *text, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncasecmp(text, prefix, len) == 0;
}

/*
 * Strip the shell from a recorded RUN command: "|2 A=1 B=2 " (build
 * arguments of the classic builder and BuildKit) and "/bin/sh -c " or any
 * other absolute shell path followed by options and "-c ".
 */
static const char *strip_shell(const char *command)
{
	const char *s = skip_spaces(command);
	const char *c;

	if (s[0] == '|' && isdigit((unsigned char)s[1])) {
		char *end = NULL;
		long count = strtol(s + 1, &end, 10);

		s = end;
		while (count-- > 0 && *s != '\0') {
			s = skip_spaces(s);
			while (*s != '\0' && !isspace((unsigned char)*s)) {
				s++;
			}
		}
		s = skip_spaces(s);
	}
	if (s[0] == '/') {
		c = strstr(s, " -c ");
		if (c != NULL && c - s < 128) {
			return skip_spaces(c + 4);
		}
	}
	return s;
}

/*
 * The signature of one history entry's created_by, in the forms Docker's
 * classic builder writes ("/bin/sh -c #(nop) COPY file:<hash> in /app",
 * "/bin/sh -c apk add curl") and BuildKit writes ("RUN /bin/sh -c apk add
 * curl # buildkit", "COPY . /app # buildkit"). Empty when the entry is
 * not a RUN, COPY or ADD.
 */
static void history_signature(sarif_buf *b, const char *created_by)
{
	const char *s = skip_spaces(created_by);
	const char *nop = "/bin/sh -c #(nop) ";
	size_t len = strlen(s);
	char *text;

	/* Drop BuildKit's " # buildkit" suffix on a copy of the text. */
	while (len > 0 && isspace((unsigned char)s[len - 1])) {
		len--;
	}
	if (len >= 10 && strncmp(s + len - 10, "# buildkit", 10) == 0) {
		len -= 10;
	}
	text = strndup(s, len);
	if (text == NULL) {
		b->failed = true;
		return;
	}

	if (strncmp(text, nop, strlen(nop)) == 0) {
		const char *rest = skip_spaces(text + strlen(nop));
		const char *in = strstr(rest, " in ");

		/* Only the classic builder's "COPY <source> in <destination>" creates a layer here. */
		if ((starts_with_word(rest, "COPY ") || starts_with_word(rest, "ADD ")) && in) {
			const char *dest = skip_spaces(in + 4);
			size_t dest_len = strlen(dest);

			while (dest_len > 0 && isspace((unsigned char)dest[dest_len - 1])) {
				dest_len--;
			}
			sarif_buf_add(b, starts_with_word(rest, "COPY ") ? "COPY " : "ADD ");
			add_destination(b, dest, dest_len);
		}
	} else if (starts_with_word(text, "COPY ")) {
		add_copy_signature(b, "COPY", text + 5);
	} else if (starts_with_word(text, "ADD ")) {
		add_copy_signature(b, "ADD", text + 4);
	} else if (starts_with_word(text, "RUN ")) {
		add_run_signature(b, strip_shell(text + 4));
	} else if (text[0] == '/' || text[0] == '|') {
		/* The classic builder records RUN as the bare shell command line. */
		add_run_signature(b, strip_shell(text));
	}
	free(text);
}

/*
 * Whether a history signature matches a step: equal, or a RUN whose
 * recorded command ends with the step's command after a space (a SHELL
 * instruction may leave a prefix that strip_shell does not know).
 */
static bool signatures_match(const char *history, const char *step)
{
	size_t history_len = strlen(history);
	size_t step_len = strlen(step);

	if (strcmp(history, step) == 0) {
		return true;
	}
	if (strncmp(history, "RUN ", 4) != 0 || strncmp(step, "RUN ", 4) != 0 || step_len <= 4) {
		return false;
	}
	step += 4;
	step_len -= 4;
	return history_len > step_len + 4 && history[history_len - step_len - 1] == ' ' &&
	       strcmp(history + history_len - step_len, step) == 0;
}

/* ---- Parsing ---- */

static void add_step(sarif_dockerfile *df, const char *keyword, const char *args, int line)
{
	sarif_buf b = {0};
	dockerfile_step *steps;

	if (strcmp(keyword, "RUN") == 0) {
		add_run_signature(&b, args);
	} else {
		add_copy_signature(&b, keyword, args);
	}
	if (b.failed) {
		df->failed = true;
		sarif_buf_dispose(&b);
		return;
	}
	if (df->step_count == df->step_capacity) {
		size_t capacity = df->step_capacity == 0 ? 16 : df->step_capacity * 2;

		steps = realloc(df->steps, capacity * sizeof(*steps));
		if (steps == NULL) {
			df->failed = true;
			sarif_buf_dispose(&b);
			return;
		}
		df->steps = steps;
		df->step_capacity = capacity;
	}
	df->steps[df->step_count].signature = b.data;
	df->steps[df->step_count].line = line;
	df->step_count++;
}

/* Record one complete instruction that starts at `line`. */
static void finish_instruction(sarif_dockerfile *df, const char *text, int line)
{
	char keyword[16];
	size_t len = 0;
	size_t i;

	text = skip_spaces(text);
	while (text[len] != '\0' && !isspace((unsigned char)text[len]) && len < sizeof(keyword) - 1) {
		keyword[len] = (char)toupper((unsigned char)text[len]);
		len++;
	}
	keyword[len] = '\0';

	if (strcmp(keyword, "FROM") == 0) {
		/* A new stage: only the last stage's steps make the final image's layers. */
		df->from_line = line;
		for (i = 0; i < df->step_count; i++) {
			free(df->steps[i].signature);
		}
		df->step_count = 0;
	} else if (strcmp(keyword, "RUN") == 0 || strcmp(keyword, "COPY") == 0 ||
		   strcmp(keyword, "ADD") == 0) {
		add_step(df, keyword, text + len, line);
	}
}

/*
 * The delimiter of a heredoc that starts in `text` ("<<EOF", "<<-EOF",
 * "<<'EOF'"), copied into `out`; false when there is none.
 */
static bool find_heredoc(const char *text, char *out, size_t size)
{
	const char *s = strstr(text, "<<");
	size_t len = 0;

	if (s == NULL) {
		return false;
	}
	s += 2;
	if (*s == '-') {
		s++;
	}
	if (*s == '"' || *s == '\'') {
		s++;
	}
	while ((isalnum((unsigned char)s[len]) || s[len] == '_') && len < size - 1) {
		out[len] = s[len];
		len++;
	}
	out[len] = '\0';
	return len > 0;
}

/* The escape character set by a "# escape=`" parser directive, or the backslash. */
static char escape_directive(const char *text)
{
	const char *s = text;

	while (*s == '#') {
		const char *value = skip_spaces(s + 1);

		if (strncasecmp(value, "escape", 6) == 0) {
			value = skip_spaces(value + 6);
			if (*value == '=') {
				value = skip_spaces(value + 1);
				return *value == '`' ? '`' : '\\';
			}
		}
		s = strchr(s, '\n');
		if (s == NULL) {
			break;
		}
		s++;
	}
	return '\\';
}

/* State of the line-by-line parser. */
typedef struct {
	sarif_buf instruction; /* the logical line being joined */
	int start_line;
	bool continued;
	char heredoc[64]; /* delimiter while inside a heredoc body */
} parser_state;

static void parse_line(sarif_dockerfile *df, parser_state *st, char *line, int number, char escape)
{
	size_t len = strlen(line);
	const char *text = skip_spaces(line);

	if (len > 0 && line[len - 1] == '\r') {
		line[--len] = '\0';
	}
	if (st->heredoc[0] != '\0') {
		if (strcmp(text, st->heredoc) == 0) {
			st->heredoc[0] = '\0';
		}
		return;
	}
	if (*text == '\0' || *text == '#') {
		return;
	}
	if (!st->continued) {
		sarif_buf_reset(&st->instruction);
		st->start_line = number;
	}
	while (len > 0 && isspace((unsigned char)line[len - 1])) {
		len--;
	}
	st->continued = len > 0 && line[len - 1] == escape;
	if (st->continued) {
		len--;
	}
	sarif_buf_add_len(&st->instruction, text, len - (size_t)(text - line));
	sarif_buf_add(&st->instruction, " ");
	if (st->instruction.failed) {
		df->failed = true;
		return;
	}
	if (!st->continued) {
		finish_instruction(df, st->instruction.data, st->start_line);
		if (!find_heredoc(st->instruction.data, st->heredoc, sizeof(st->heredoc))) {
			st->heredoc[0] = '\0';
		}
	}
}

static void parse_text(sarif_dockerfile *df, char *text)
{
	parser_state st = {0};
	char escape = escape_directive(text);
	char *line = text;
	int number = 1;

	while (line != NULL && !df->failed) {
		char *next = strchr(line, '\n');

		if (next != NULL) {
			*next++ = '\0';
		}
		parse_line(df, &st, line, number, escape);
		line = next;
		number++;
	}
	if (st.continued && !df->failed) {
		finish_instruction(df, st.instruction.data, st.start_line);
	}
	sarif_buf_dispose(&st.instruction);
}

/* ---- Loading ---- */

/* Read at most DOCKERFILE_MAX_BYTES of `path` into a NUL-terminated buffer. */
static int read_file(char **out, assay_ctx *ctx, const char *path)
{
	FILE *file = fopen(path, "rb");
	char *text = NULL;
	size_t size;
	int err = ASSAY_ENOMEM;

	if (file == NULL) {
		return assay_error(ctx, errno == ENOENT ? ASSAY_ENOTFOUND : ASSAY_EIO,
				   "cannot open the Dockerfile '%s' given by --dockerfile: %s", path,
				   strerror(errno));
	}
	text = malloc(DOCKERFILE_MAX_BYTES + 2);
	if (text == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory while reading '%s'", path);
		goto out;
	}
	size = fread(text, 1, DOCKERFILE_MAX_BYTES + 1, file);
	if (ferror(file)) {
		err = assay_error(ctx, ASSAY_EIO, "reading the Dockerfile '%s' failed: %s", path,
				  strerror(errno));
		goto out;
	}
	if (size > DOCKERFILE_MAX_BYTES) {
		err = assay_error(ctx, ASSAY_ELIMIT,
				  "the Dockerfile '%s' given by --dockerfile is larger than 1 MiB; "
				  "pass the Dockerfile the image was built from",
				  path);
		goto out;
	}
	text[size] = '\0';
	*out = text;
	text = NULL;
	err = 0;
out:
	free(text);
	fclose(file);
	return err;
}

/*
 * The path relative to the repository: an absolute path under
 * $GITHUB_WORKSPACE or the current folder loses that prefix.
 */
static const char *repository_relative(const char *path, const char *cwd)
{
	const char *roots[2] = {getenv("GITHUB_WORKSPACE"), cwd};
	size_t i;

	if (path[0] != '/') {
		return path;
	}
	for (i = 0; i < 2; i++) {
		size_t len = roots[i] != NULL ? strlen(roots[i]) : 0;

		while (len > 1 && roots[i][len - 1] == '/') {
			len--;
		}
		if (len > 0 && strncmp(path, roots[i], len) == 0 && path[len] == '/') {
			return path + len + 1;
		}
	}
	return path;
}

int sarif_dockerfile_load(sarif_dockerfile **out, assay_ctx *ctx, const char *path)
{
	sarif_dockerfile *df = NULL;
	char cwd[4096];
	char *text = NULL;
	bool oom = false;
	int err;

	err = read_file(&text, ctx, path);
	if (err != 0) {
		return err;
	}
	err = ASSAY_ENOMEM;
	df = calloc(1, sizeof(*df));
	if (df == NULL) {
		goto out;
	}
	df->from_line = 1;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		cwd[0] = '\0';
	}
	df->uri = sarif_uri_from_path(repository_relative(path, cwd), &oom);
	if (df->uri == NULL && !oom) {
		df->uri = strdup(DOCKERFILE_FALLBACK_URI);
	}
	if (df->uri == NULL) {
		goto out;
	}
	parse_text(df, text);
	if (df->failed) {
		goto out;
	}

	*out = df;
	df = NULL;
	err = 0;
out:
	if (err == ASSAY_ENOMEM) {
		assay_error(ctx, err, "out of memory while parsing the Dockerfile '%s'", path);
	}
	sarif_dockerfile_free(df);
	free(text);
	return err;
}

void sarif_dockerfile_free(sarif_dockerfile *df)
{
	size_t i;

	if (df == NULL) {
		return;
	}
	for (i = 0; i < df->step_count; i++) {
		free(df->steps[i].signature);
	}
	for (i = 0; i < df->anchor_count; i++) {
		free(df->anchors[i].lines);
	}
	free(df->anchors);
	free(df->steps);
	free(df->uri);
	free(df);
}

const char *sarif_dockerfile_uri(const sarif_dockerfile *df)
{
	return df->uri;
}

int sarif_dockerfile_from_line(const sarif_dockerfile *df)
{
	return df->from_line;
}

/* ---- Layers ---- */

/*
 * Match the layer-creating history entries of `image` with the steps,
 * both walked from the end: the last layers come from the last
 * instructions, and the layers of the base image find no step and keep
 * the FROM line. `lines` has one entry per diff id.
 */
static bool match_history(const sarif_dockerfile *df, const assay_image *image, int *lines)
{
	sarif_buf signature = {0};
	size_t layer = image->diff_ids.count;
	size_t step = df->step_count;
	size_t i = image->history_count;

	while (i-- > 0 && layer > 0) {
		size_t candidate;

		if (image->history[i].empty_layer) {
			continue;
		}
		layer--;
		sarif_buf_reset(&signature);
		history_signature(&signature, image->history[i].created_by != NULL
						      ? image->history[i].created_by
						      : "");
		if (signature.failed) {
			return false;
		}
		for (candidate = step; signature.len > 0 && candidate-- > 0;) {
			if (signatures_match(signature.data, df->steps[candidate].signature)) {
				lines[layer] = df->steps[candidate].line;
				step = candidate;
				break;
			}
		}
	}
	sarif_buf_dispose(&signature);
	return true;
}

/* Count the history entries that created a layer. */
static size_t layer_entries(const assay_image *image)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < image->history_count; i++) {
		count += image->history[i].empty_layer ? 0 : 1;
	}
	return count;
}

static image_anchors *anchors_for(sarif_dockerfile *df, const assay_image *image)
{
	image_anchors *anchors;
	image_anchors *entry;
	size_t i;

	for (i = 0; i < df->anchor_count; i++) {
		if (df->anchors[i].image == image) {
			return &df->anchors[i];
		}
	}
	anchors = realloc(df->anchors, (df->anchor_count + 1) * sizeof(*anchors));
	if (anchors == NULL) {
		return NULL;
	}
	df->anchors = anchors;
	entry = &df->anchors[df->anchor_count];
	entry->image = image;
	entry->count = image->diff_ids.count;
	entry->lines = calloc(entry->count > 0 ? entry->count : 1, sizeof(int));
	if (entry->lines == NULL) {
		return NULL;
	}
	df->anchor_count++;
	for (i = 0; i < entry->count; i++) {
		entry->lines[i] = df->from_line;
	}
	/* When history and diff ids disagree, which entry made which layer is unknown. */
	if (layer_entries(image) == entry->count && !match_history(df, image, entry->lines)) {
		return NULL;
	}
	return entry;
}

int sarif_dockerfile_layer_line(sarif_dockerfile *df, const assay_image *image, const char *layer)
{
	const image_anchors *anchors;
	size_t i;

	if (image == NULL || layer == NULL) {
		return df->from_line;
	}
	anchors = anchors_for(df, image);
	if (anchors == NULL) {
		return -1;
	}
	for (i = 0; i < anchors->count; i++) {
		if (strcmp(image->diff_ids.items[i], layer) == 0) {
			return anchors->lines[i];
		}
	}
	return df->from_line;
}
