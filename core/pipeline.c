/* SPDX-License-Identifier: Apache-2.0 */
/* The run's life: queue inputs and outputs, read and merge, analyze, write atomically. */
#include <dlfcn.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "policy.h"

/* Size of the stdio buffer of each output file. */
#define OUTPUT_BUFFER_SIZE ((size_t)64 << 10)

/* Maximum number of threads that write outputs at the same time. */
#define MAX_OUTPUT_THREADS 16

/*
 * Decide how the report for `o->path` gets there. A regular file, or a
 * new one, is replaced by renaming a temporary file over it. Through a
 * symbolic link to a regular file, the link's final target is replaced the
 * same way (o->target, owned by `o`), so the link stays and the target is
 * never half-written. A device such as /dev/null, a named pipe or a
 * dangling link is copied through instead (o->copied): renaming over it
 * would replace that file rather than write through it.
 */
static void choose_destination(output_spec *o)
{
	struct stat link_st;
	struct stat st;

	o->copied = false;
	free(o->target);
	o->target = NULL;
	if (lstat(o->path, &link_st) != 0) {
		return;
	}
	if (S_ISLNK(link_st.st_mode) && stat(o->path, &st) == 0 && S_ISREG(st.st_mode)) {
		o->target = realpath(o->path, NULL);
		o->copied = !o->target;
		return;
	}
	o->copied = !S_ISREG(link_st.st_mode) && !S_ISDIR(link_st.st_mode);
}

/* The file a renamed output replaces: the link's target, or the path itself. */
static const char *rename_destination(const output_spec *o)
{
	return o->target ? o->target : o->path;
}

/* Whether `path` names an existing folder, which rename() cannot replace. */
static bool is_folder(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

assay_run *assay_run_new(void)
{
	assay_run *run = calloc(1, sizeof(*run));

	if (!run) {
		return NULL;
	}
	run->log_level = ASSAY_LOG_WARN;
	run->start_time = (int64_t)time(NULL);
	return run;
}

static void discard_outputs(assay_run *run)
{
	size_t i;

	for (i = 0; i < run->outputs.count; i++) {
		output_spec *o = run->outputs.items[i];

		if (o->stream) {
			fclose(o->stream);
			o->stream = NULL;
		}
		if (o->buffer) {
			free(o->buffer);
			o->buffer = NULL;
		}
		if (o->temp_path) {
			unlink(o->temp_path);
			free(o->temp_path);
			o->temp_path = NULL;
		}
	}
}

void assay_run_free(assay_run *run)
{
	size_t i;

	if (!run) {
		return;
	}
	/* The policy's Lua state contains pointers to findings, so it goes first. */
	policy_free(run->policy);
	run->policy = NULL;
	discard_outputs(run);
	for (i = 0; i < run->outputs.count; i++) {
		output_spec *o = run->outputs.items[i];

		free(o->path);
		free(o->target);
		free(o);
	}
	vec_dispose(&run->outputs);
	for (i = 0; i < run->inputs.count; i++) {
		input_spec *in = run->inputs.items[i];

		free(in->format);
		free(in->path);
		free(in);
	}
	vec_dispose(&run->inputs);
	for (i = 0; i < run->options.count; i++) {
		option *o = run->options.items[i];

		free(o->name);
		free(o->value);
		free(o);
	}
	vec_dispose(&run->options);

	store_dispose(run);
	images_dispose(run);
	results_dispose(run);
	arena_dispose(&run->strings);
	arena_dispose(&run->records);

	/* Plugins are closed last: nothing may point into them after this. */
	for (i = 0; i < run->plugins.count; i++) {
		plugin *p = run->plugins.items[i];

		dlclose(p->handle);
		free(p->path);
		free(p);
	}
	vec_dispose(&run->plugins);
	free(run);
}

int assay_run_set_option(assay_run *run, const char *name, const char *value)
{
	option *o = calloc(1, sizeof(*o));

	if (!o) {
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	o->name = strdup(name);
	o->value = strdup(value ? value : "");
	if (!o->name || !o->value || vec_push(&run->options, o) != 0) {
		free(o->name);
		free(o->value);
		free(o);
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

int assay_run_add_input(assay_run *run, const char *format, const char *path)
{
	input_spec *in;

	if (!path || !*path) {
		return run_error(run, ASSAY_EINVAL, "missing report path");
	}
	in = calloc(1, sizeof(*in));
	if (!in) {
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	if (format && *format && strcmp(format, "auto") != 0) {
		in->format = strdup(format);
		if (!in->format) {
			free(in);
			return run_error(run, ASSAY_ENOMEM, "out of memory");
		}
	}
	in->path = strdup(path);
	if (!in->path || vec_push(&run->inputs, in) != 0) {
		free(in->format);
		free(in->path);
		free(in);
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

int assay_run_add_output(assay_run *run, const char *format, const char *path)
{
	const plugin *p = run_find_plugin(run, ASSAY_PLUGIN_OUTPUT, format);
	output_spec *o;
	size_t i;

	if (!p) {
		char known[512];

		run_list_plugin_names(run, ASSAY_PLUGIN_OUTPUT, known, sizeof(known));
		return run_error(run, ASSAY_EINVAL, "unknown output format '%s'; known formats: %s",
				 format, known);
	}
	if (path && strcmp(path, "-") == 0) {
		path = NULL;
	}
	for (i = 0; i < run->outputs.count; i++) {
		const output_spec *other = run->outputs.items[i];

		if (!path && !other->path) {
			return run_error(run, ASSAY_EINVAL,
					 "outputs '%s' and '%s' both write to stdout; give one of them "
					 "a file, as in -o %s:FILE",
					 other->plugin->descriptor->name, format, format);
		}
		if (path && other->path && strcmp(other->path, path) == 0) {
			return run_error(run, ASSAY_EINVAL, "%s: named by two outputs; give each "
					 "output its own file", path);
		}
	}
	if (path && is_folder(path)) {
		return run_error(run, ASSAY_EINVAL, "%s: is a folder; name a file for the %s output",
				 path, format);
	}

	o = calloc(1, sizeof(*o));
	if (!o) {
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	o->plugin = p;
	o->path = path ? strdup(path) : NULL;
	if ((path && !o->path) || vec_push(&run->outputs, o) != 0) {
		free(o->path);
		free(o);
		return run_error(run, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

/* The input plugin that is most confident about `doc`; the message explains a miss. */
static const plugin *detect_format(assay_run *run, const assay_document *doc)
{
	const plugin *best = NULL;
	int best_score = 0;
	size_t i;

	for (i = 0; i < run->plugins.count; i++) {
		const plugin *p = run->plugins.items[i];
		int score;

		if (p->descriptor->kind != ASSAY_PLUGIN_INPUT) {
			continue;
		}
		score = p->descriptor->probe(doc);
		if (score > best_score) {
			best = p;
			best_score = score;
		}
	}
	if (!best) {
		char known[512];

		run_list_plugin_names(run, ASSAY_PLUGIN_INPUT, known, sizeof(known));
		run_error(run, ASSAY_EPARSE,
			  "%s: report format not recognized by any input plugin (%s); name the "
			  "format as FORMAT:FILE, or check that the file is a scanner's JSON report",
			  doc->path, known);
	}
	return best;
}

static int read_one(assay_run *run, const input_spec *in)
{
	document doc = {0};
	assay_document view;
	assay_ctx ctx = {0};
	const plugin *p = NULL;
	size_t before = run->findings.count;
	double start = clock_seconds();
	double parsed;
	int err;

	if (in->format) {
		p = run_find_plugin(run, ASSAY_PLUGIN_INPUT, in->format);
		if (!p) {
			char known[512];

			run_list_plugin_names(run, ASSAY_PLUGIN_INPUT, known, sizeof(known));
			return run_error(run, ASSAY_EINVAL,
					 "unknown input format '%s' for %s; known formats: %s, auto",
					 in->format, in->path, known);
		}
	}

	err = document_load(&doc, run, in->path);
	if (err) {
		return err;
	}
	parsed = clock_seconds();
	view.path = doc.path;
	view.text = doc.text;
	view.size = doc.size;
	view.json = doc.json;

	if (!p) {
		p = detect_format(run, &view);
		if (!p) {
			err = ASSAY_EPARSE;
			goto out;
		}
	}

	ctx.run = run;
	ctx.plugin = p;
	ctx.document_path = doc.path;
	err = p->descriptor->read(&ctx, &view);
	if (err == 0 && run->error_code != 0) {
		err = run->error_code; /* a setter failed and the plugin went on */
	}
	if (err && run->error_code == 0) {
		run_error(run, err, "%s: input plugin '%s' failed without a message (code %d)",
			  doc.path, p->descriptor->name, err);
	}
	if (!err) {
		size_t added = run->findings.count - before;
		double now = clock_seconds();
		char size[16];
		char total[16];
		char load[16];
		char reader[16];

		run_log(run, ASSAY_LOG_INFO, NULL,
			"%s: read as %s (%s), %zu new finding%s after merging (%s: %s to load and "
			"parse, %s in the reader)",
			doc.path, p->descriptor->name, format_size(size, (double)doc.size), added,
			added == 1 ? "" : "s", format_duration(total, now - start),
			format_duration(load, parsed - start), format_duration(reader, now - parsed));
	}

out:
	document_dispose(&doc);
	return err;
}

int assay_run_read_inputs(assay_run *run)
{
	char took[16];
	size_t i;
	int err;

	if (run->inputs.count == 0) {
		return run_error(run, ASSAY_EINVAL, "no report given; pass one or more with -i FILE");
	}
	double start;

	for (i = 0; i < run->inputs.count; i++) {
		err = read_one(run, run->inputs.items[i]);
		if (err) {
			return err;
		}
	}
	start = clock_seconds();
	store_compute_fingerprints(run);
	store_sort(run);
	run_log(run, ASSAY_LOG_DEBUG, NULL, "fingerprinted and sorted %zu finding%s in %s",
		run->findings.count, run->findings.count == 1 ? "" : "s",
		format_duration(took, clock_seconds() - start));
	return 0;
}

int assay_run_analyze(assay_run *run)
{
	assay_stage stage;
	double start = clock_seconds();
	double started;
	char took[16];
	size_t i;
	int err;

	err = policy_prepare(run);
	if (err) {
		return err;
	}
	for (stage = ASSAY_STAGE_FILTER; stage <= ASSAY_STAGE_ADVISE; stage++) {
		/* The policy's hooks of a stage run before (on_finding, thresholds) or after its analyzers. */
		err = policy_stage_begin(run, stage);
		if (err) {
			return err;
		}
		for (i = 0; i < run->plugins.count; i++) {
			const plugin *p = run->plugins.items[i];
			assay_ctx ctx = {0};

			if (p->descriptor->kind != ASSAY_PLUGIN_ANALYZER || p->descriptor->stage != stage) {
				continue;
			}
			ctx.run = run;
			ctx.plugin = p;
			started = clock_seconds();
			err = p->descriptor->analyze(&ctx);
			if (err == 0 && run->error_code != 0) {
				err = run->error_code;
			}
			run_log(run, ASSAY_LOG_DEBUG, NULL, "analyzer '%s' took %s",
				p->descriptor->name, format_duration(took, clock_seconds() - started));
			if (err) {
				if (run->error_code == 0) {
					run_error(run, err, "analyzer '%s' failed (code %d)",
						  p->descriptor->name, err);
				}
				return err;
			}
		}
		err = policy_stage_end(run, stage);
		if (err) {
			return err;
		}
	}
	/* Policies may have changed severities: sort again for the outputs. */
	store_sort(run);
	run_log(run, ASSAY_LOG_INFO, NULL, "analyzed %zu finding%s in %s", run->findings.count,
		run->findings.count == 1 ? "" : "s", format_duration(took, clock_seconds() - start));
	return 0;
}

/* Open a temporary file next to `path`, so the final rename stays on one file system. */
static int open_temp(output_spec *o, assay_ctx *ctx)
{
	char *copy = strdup(rename_destination(o));
	char *dir;
	size_t size;
	int fd;

	if (!copy) {
		return ctx_error(ctx, ASSAY_ENOMEM, "out of memory");
	}
	dir = dirname(copy);
	size = strlen(dir) + 32;
	o->temp_path = malloc(size);
	if (!o->temp_path) {
		free(copy);
		return ctx_error(ctx, ASSAY_ENOMEM, "out of memory");
	}
	snprintf(o->temp_path, size, "%s/.assay-tmp.XXXXXX", dir);
	free(copy);

	fd = mkstemp(o->temp_path);
	if (fd < 0) {
		int saved = errno;

		free(o->temp_path);
		o->temp_path = NULL;
		return ctx_error(ctx, ASSAY_EIO, "%s: cannot create the output file: %s", o->path,
				 strerror(saved));
	}
	o->stream = fdopen(fd, "w");
	if (!o->stream) {
		close(fd);
		return ctx_error(ctx, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * Write one output into its temporary file. Errors are recorded on the
 * output, not on the run, because outputs may be written at the same time.
 */
static int write_one(assay_run *run, output_spec *o)
{
	assay_ctx ctx = {0};
	double start = clock_seconds();
	int err;

	ctx.run = run;
	ctx.plugin = o->plugin;
	ctx.output = o;

	if (o->path) {
		choose_destination(o);
	}
	if (o->path && !o->copied) {
		err = open_temp(o, &ctx);
	} else {
		o->stream = tmpfile();
		err = o->stream ? 0 : ctx_error(&ctx, ASSAY_EIO, "cannot create a temporary file: %s",
						strerror(errno));
	}
	if (err) {
		return err;
	}
	/*
	 * Reports run to hundreds of megabytes: a large buffer writes them in
	 * far fewer system calls than stdio's default of one page. glibc
	 * ignores the size unless the buffer is given. Without memory for it
	 * the default buffer is kept.
	 */
	o->buffer = malloc(OUTPUT_BUFFER_SIZE);
	if (o->buffer) {
		(void)setvbuf(o->stream, o->buffer, _IOFBF, OUTPUT_BUFFER_SIZE);
	}

	err = o->plugin->descriptor->write(&ctx, o->stream);
	if (err == 0 && o->error_code != 0) {
		err = o->error_code; /* the plugin recorded an error and went on */
	}
	if (err == 0 && (fflush(o->stream) != 0 || ferror(o->stream))) {
		err = ctx_error(&ctx, ASSAY_EIO, "%s: write failed: %s",
				o->path ? o->path : "stdout", strerror(errno));
	}
	if (err && o->error_code == 0) {
		ctx_error(&ctx, err, "output '%s' failed (code %d)", o->plugin->descriptor->name, err);
	}
	if (!err) {
		char size[16];
		char took[16];

		run_log(run, ASSAY_LOG_INFO, NULL, "%s: %s report written (%s, %s)",
			o->path ? o->path : "stdout", o->plugin->descriptor->name,
			format_size(size, (double)ftello(o->stream)),
			format_duration(took, clock_seconds() - start));
	}
	return err;
}

static bool is_concurrent(const output_spec *o)
{
	return (o->plugin->flags & ASSAY_PLUGIN_CONCURRENT_WRITE) != 0;
}

/* The outputs that may be written at the same time, taken in order by whichever thread is free. */
typedef struct {
	assay_run *run;
	pthread_mutex_t lock;
	size_t next;  /* index of the first output not yet taken */
	bool failed;  /* an output failed: take no more */
} output_queue;

/* Take the next concurrent output, or NULL when none is left or one has failed. */
static output_spec *queue_take(output_queue *q)
{
	output_spec *next_output = NULL;

	pthread_mutex_lock(&q->lock);
	while (!q->failed && q->next < q->run->outputs.count && !next_output) {
		output_spec *o = q->run->outputs.items[q->next++];

		if (is_concurrent(o)) {
			next_output = o;
		}
	}
	pthread_mutex_unlock(&q->lock);
	return next_output;
}

static void queue_drain(output_queue *q)
{
	output_spec *o = queue_take(q);

	while (o) {
		if (write_one(q->run, o) != 0) {
			pthread_mutex_lock(&q->lock);
			q->failed = true;
			pthread_mutex_unlock(&q->lock);
		}
		o = queue_take(q);
	}
}

static void *output_worker(void *arg)
{
	queue_drain(arg);
	return NULL;
}

/* Threads to start beside the run's own: one per core, at most one per concurrent output. */
static size_t worker_count(const assay_run *run, bool main_is_busy)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t concurrent = 0;
	size_t limit;
	size_t i;

	for (i = 0; i < run->outputs.count; i++) {
		concurrent += is_concurrent(run->outputs.items[i]);
	}
	limit = cores < 1 ? 1 : (size_t)cores;
	if (limit > MAX_OUTPUT_THREADS) {
		limit = MAX_OUTPUT_THREADS;
	}
	if (concurrent < limit) {
		limit = concurrent;
	}
	/* The run's thread takes concurrent outputs too once its own are written. */
	return main_is_busy || limit == 0 ? limit : limit - 1;
}

/*
 * Write every output into its temporary file: outputs without the
 * concurrent flag one after the other on this thread, the others on worker
 * threads meanwhile. Returns the error of the first failed output in the
 * order given, recorded on the run.
 */
static int write_all(assay_run *run)
{
	output_queue q = {.run = run, .lock = PTHREAD_MUTEX_INITIALIZER};
	pthread_t threads[MAX_OUTPUT_THREADS];
	size_t started = 0;
	size_t workers;
	size_t i;

	/* Find whether this thread has outputs of its own to write first. */
	for (i = 0; i < run->outputs.count; i++) {
		if (!is_concurrent(run->outputs.items[i])) {
			break;
		}
	}
	workers = worker_count(run, i < run->outputs.count);
	while (started < workers && pthread_create(&threads[started], NULL, output_worker, &q) == 0) {
		started++;
	}

	for (i = 0; i < run->outputs.count; i++) {
		output_spec *o = run->outputs.items[i];
		bool stop;

		pthread_mutex_lock(&q.lock);
		stop = q.failed;
		pthread_mutex_unlock(&q.lock);
		if (stop) {
			break;
		}
		if (!is_concurrent(o) && write_one(run, o) != 0) {
			pthread_mutex_lock(&q.lock);
			q.failed = true;
			pthread_mutex_unlock(&q.lock);
		}
	}
	queue_drain(&q);
	for (i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
	}
	pthread_mutex_destroy(&q.lock);

	for (i = 0; i < run->outputs.count; i++) {
		const output_spec *o = run->outputs.items[i];

		if (o->error_code != 0) {
			return run_error(run, o->error_code, "%s", o->error);
		}
	}
	/* A failed policy lookup of a writer (assay_policy_value) is recorded on the run. */
	return run->error_code;
}

/* Copy a finished report from its temporary file to `to`, which is named `name` in messages. */
static int copy_report(assay_run *run, FILE *stream, FILE *to, const char *name)
{
	char buffer[65536];
	size_t n;

	rewind(stream);
	while ((n = fread(buffer, 1, sizeof(buffer), stream)) > 0) {
		if (fwrite(buffer, 1, n, to) != n) {
			return run_error(run, ASSAY_EIO, "writing to %s failed: %s", name,
					 strerror(errno));
		}
	}
	if (fflush(to) != 0) {
		return run_error(run, ASSAY_EIO, "writing to %s failed: %s", name, strerror(errno));
	}
	return 0;
}

/* Copy a finished report to stdout, or through the device, pipe or dangling link it names. */
static int copy_output(assay_run *run, const output_spec *o)
{
	FILE *to;
	int err;

	if (!o->path) {
		return copy_report(run, o->stream, stdout, "stdout");
	}
	to = fopen(o->path, "w");
	if (!to) {
		return run_error(run, ASSAY_EIO, "%s: cannot open for writing: %s", o->path,
				 strerror(errno));
	}
	err = copy_report(run, o->stream, to, o->path);
	if (fclose(to) != 0 && !err) {
		err = run_error(run, ASSAY_EIO, "writing to %s failed: %s", o->path, strerror(errno));
	}
	return err;
}

/*
 * Give the temporary file the permissions its destination has, so that
 * replacing a report kept private (mode 600, another owner or group) does
 * not make it readable to others. A new report gets 0666 less the umask.
 * Returns false when the mode cannot be set.
 */
static bool take_permissions(int fd, const char *path, mode_t mask)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		return fchmod(fd, 0666 & ~mask) == 0;
	}
	/* Only root may give a file away; others keep the file as their own. */
	(void)!fchown(fd, st.st_uid, st.st_gid);
	return fchmod(fd, st.st_mode & 0777) == 0;
}

/* Close every finished file output and check its destination, before anything is moved. */
static int prepare_publish(assay_run *run)
{
	mode_t mask = umask(0);
	size_t i;

	umask(mask);
	for (i = 0; i < run->outputs.count; i++) {
		output_spec *o = run->outputs.items[i];
		int closed;

		if (!o->path || o->copied) {
			continue;
		}
		closed = take_permissions(fileno(o->stream), rename_destination(o), mask);
		closed = fclose(o->stream) == 0 && closed;
		o->stream = NULL;
		free(o->buffer);
		o->buffer = NULL;
		if (!closed) {
			return run_error(run, ASSAY_EIO, "%s: write failed: %s", o->path,
					 strerror(errno));
		}
		if (is_folder(rename_destination(o))) {
			return run_error(run, ASSAY_EIO, "%s: is a folder; name a file for the %s output",
					 o->path, o->plugin->descriptor->name);
		}
	}
	return 0;
}

/*
 * Move every finished output into place. Stdout, devices, pipes and links
 * are copied first, because a copy can fail (a full device, a reader that
 * closed its pipe). Files are renamed after, so a failed copy leaves every
 * file as it was. A rename can still fail midway (a full or read-only
 * file system changing under the run); the copies and earlier renames are
 * then done.
 */
static int publish_outputs(assay_run *run)
{
	size_t i;
	int err = prepare_publish(run);

	for (i = 0; i < run->outputs.count && !err; i++) {
		output_spec *o = run->outputs.items[i];

		if (!o->path || o->copied) {
			err = copy_output(run, o);
		}
	}
	for (i = 0; i < run->outputs.count && !err; i++) {
		output_spec *o = run->outputs.items[i];

		if (!o->path || o->copied) {
			continue;
		}
		if (rename(o->temp_path, rename_destination(o)) != 0) {
			err = run_error(run, ASSAY_EIO, "%s: cannot move the report into place: %s",
					o->path, strerror(errno));
			break;
		}
		free(o->temp_path);
		o->temp_path = NULL;
	}
	discard_outputs(run);
	return err;
}

/* Reject an output file that is one of the reports read: the run would replace its own input. */
static int check_outputs_against_inputs(assay_run *run)
{
	size_t i;
	size_t j;

	for (i = 0; i < run->outputs.count; i++) {
		const output_spec *o = run->outputs.items[i];
		struct stat out_st;

		if (!o->path || stat(o->path, &out_st) != 0) {
			continue;
		}
		for (j = 0; j < run->inputs.count; j++) {
			const input_spec *in = run->inputs.items[j];
			struct stat in_st;

			if (stat(in->path, &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
			    in_st.st_ino == out_st.st_ino) {
				return run_error(run, ASSAY_EINVAL,
						 "%s: is also an input report; writing the %s output "
						 "there would replace it, so name another file",
						 o->path, o->plugin->descriptor->name);
			}
		}
	}
	return 0;
}

int assay_run_write_outputs(assay_run *run)
{
	int err = check_outputs_against_inputs(run);

	if (!err) {
		err = write_all(run);
	}
	if (err) {
		discard_outputs(run);
		return err;
	}
	return publish_outputs(run);
}

int assay_run_execute(assay_run *run)
{
	int err = assay_run_read_inputs(run);

	if (!err) {
		err = assay_run_analyze(run);
	}
	if (!err) {
		err = assay_run_write_outputs(run);
	}
	return err;
}

size_t assay_run_finding_count(const assay_run *run)
{
	return run->findings.count;
}

assay_finding *assay_run_finding_at(const assay_run *run, size_t index)
{
	if (index >= run->findings.count) {
		return NULL;
	}
	return &((finding_node *)run->findings.items[index])->pub;
}

size_t assay_run_image_count(const assay_run *run)
{
	return run->images.count;
}

const assay_image *assay_run_image_at(const assay_run *run, size_t index)
{
	if (index >= run->images.count) {
		return NULL;
	}
	return &((image_node *)run->images.items[index])->pub;
}
