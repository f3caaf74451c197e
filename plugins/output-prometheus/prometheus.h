/* SPDX-License-Identifier: Apache-2.0 */
/* Private interface between the files of the Prometheus output plugin. */
#ifndef ASSAY_OUTPUT_PROMETHEUS_H
#define ASSAY_OUTPUT_PROMETHEUS_H

#include <stdbool.h>
#include <stdio.h>

#include <assay/assay.h>

/* Labels that `--option prometheus-label=NAME=VALUE` may add to every sample. */
#define PROM_MAX_EXTRA_LABELS 16

/* A label added to every sample. */
typedef struct {
	char *name;
	char *value;
} prom_label;

/* The state of one exposition being written. */
typedef struct {
	assay_ctx *ctx;
	FILE *out;
	prom_label extra[PROM_MAX_EXTRA_LABELS];
	size_t extra_count;
	size_t labels_written; /* labels of the sample being written */
} prom_writer;

/* Write the # HELP and # TYPE lines of a gauge. */
void prom_family(prom_writer *w, const char *name, const char *help);

/* Start a sample of metric `name`. */
void prom_sample(prom_writer *w, const char *name);

/* Add a label to the sample being written. `value` is escaped, and NULL is written as "". */
void prom_label_add(prom_writer *w, const char *name, const char *value);

/* End the sample with the extra labels and `value`. */
void prom_value(prom_writer *w, double value);

/*
 * Write the families that come from analyzer results: the threshold limits
 * and counts of the gate checks, the quantum security score, and the ignore
 * rules that expire soon. Returns 0 or ASSAY_ENOMEM.
 */
int prom_write_results(prom_writer *w);

/* Lowercase name of a severity, the value of every `severity` label. */
const char *prom_severity_label(assay_severity severity);

#endif
