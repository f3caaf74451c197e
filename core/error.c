/* SPDX-License-Identifier: Apache-2.0 */
/* Errors kept on the run, and the log sink: one line per message on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const level_names[] = {"error", "warning", "info", "debug"};

/* Record the first error into `message` and `*code_slot`; later errors are usually its consequences. */
static int record_error(char *message, size_t size, int *code_slot, int code, const char *prefix,
			const char *fmt, va_list ap)
{
	size_t used = 0;

	if (*code_slot != 0) {
		return code;
	}
	if (code == 0) {
		code = ASSAY_EINVAL;
	}
	*code_slot = code;
	message[0] = '\0';
	if (prefix && *prefix) {
		snprintf(message, size, "%s: ", prefix);
		used = strlen(message);
	}
	vsnprintf(message + used, size - used, fmt, ap);
	return code;
}

int run_error_v(assay_run *run, int code, const char *prefix, const char *fmt, va_list ap)
{
	return record_error(run->error, sizeof(run->error), &run->error_code, code, prefix, fmt, ap);
}

static int ctx_error_v(assay_ctx *ctx, int code, const char *prefix, const char *fmt, va_list ap)
{
	if (ctx->output) {
		return record_error(ctx->output->error, sizeof(ctx->output->error),
				    &ctx->output->error_code, code, prefix, fmt, ap);
	}
	return run_error_v(ctx->run, code, prefix, fmt, ap);
}

int ctx_error(assay_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = ctx_error_v(ctx, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int run_error(assay_run *run, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = run_error_v(run, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

void run_log_v(assay_run *run, assay_log_level level, const char *who, const char *fmt,
	       va_list ap)
{
	char line[2048];

	if (level > run->log_level) {
		return;
	}
	vsnprintf(line, sizeof(line), fmt, ap);
	if (who) {
		fprintf(stderr, "assay: %s: %s: %s\n", level_names[level], who, line);
	} else {
		fprintf(stderr, "assay: %s: %s\n", level_names[level], line);
	}
}

void run_log(assay_run *run, assay_log_level level, const char *who, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run_log_v(run, level, who, fmt, ap);
	va_end(ap);
}

int assay_error(assay_ctx *ctx, int code, const char *fmt, ...)
{
	const char *prefix = ctx->document_path ? ctx->document_path : ctx->plugin->descriptor->name;
	va_list ap;

	va_start(ap, fmt);
	code = ctx_error_v(ctx, code, prefix, fmt, ap);
	va_end(ap);
	return code;
}

void assay_log(assay_ctx *ctx, assay_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run_log_v(ctx->run, level, ctx->plugin->descriptor->name, fmt, ap);
	va_end(ap);
}

const char *assay_run_error(const assay_run *run)
{
	return run->error;
}

int assay_run_error_code(const assay_run *run)
{
	return run->error_code;
}

void assay_run_set_log_level(assay_run *run, assay_log_level level)
{
	run->log_level = level;
}
