/* SPDX-License-Identifier: Apache-2.0 */
/* The findings table of the HTML report: every finding, one row each, in the core's order. */
#include <string.h>

#include "html.h"

/* Severities highest first, for the filter's check boxes. */
static const assay_severity filter_order[ASSAY_SEVERITY_COUNT] = {
    ASSAY_SEVERITY_CRITICAL, ASSAY_SEVERITY_HIGH,    ASSAY_SEVERITY_MEDIUM,
    ASSAY_SEVERITY_LOW,	     ASSAY_SEVERITY_UNKNOWN,
};

/* Write the items of a list joined with ", ", or the markup `empty` for an empty list. */
static void write_list(FILE *out, const assay_strlist *list, const char *empty)
{
	size_t i;

	if (list->count == 0) {
		fputs(empty, out);
		return;
	}
	for (i = 0; i < list->count; i++) {
		fputs(i == 0 ? "" : ", ", out);
		html_text(out, list->items[i]);
	}
}

/* The filter form, hidden until the script shows it, because it does nothing without it. */
static void write_filters(FILE *out)
{
	size_t i;

	fputs("<form id=\"filters\" hidden>\n<label>Search <input type=\"search\" name=\"q\" "
	      "placeholder=\"id, package, title, file\"></label>\n<span>",
	      out);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		const char *name = assay_severity_name(filter_order[i]);

		fprintf(out,
			"<label><input type=\"checkbox\" name=\"severity\" value=\"%s\" checked> "
			"%s</label>\n",
			name, name);
	}
	fputs("</span>\n<label><input type=\"checkbox\" name=\"ignored\" checked> ignored "
	      "findings</label>\n<output id=\"shown\"></output>\n</form>\n",
	      out);
}

/* The id, linked to its advisory when the URL is http or https. Any other URL is shown as text. */
static void write_id_cell(FILE *out, const assay_finding *f)
{
	size_t start = 0;
	size_t length = 0;

	fputs("<td class=\"nowrap\">", out);
	html_link(out, f->primary_url, f->id);
	if (f->known_exploited == 1) {
		fputs("<span class=\"tag kev\" title=\"known exploited\">KEV</span>", out);
	}
	if (f->baseline == ASSAY_BASELINE_NEW) {
		fputs("<span class=\"tag\" title=\"not in the baseline\">new</span>", out);
	}
	if (f->primary_url != NULL && !html_is_web_url(f->primary_url, &start, &length)) {
		fputs("<div class=\"bad-url\">", out);
		html_text(out, f->primary_url);
		fputs("</div>", out);
	}
	fputs("</td>", out);
}

/* Fixed versions, or the fix state of a vulnerability without one. */
static void write_fixed_cell(FILE *out, const assay_finding *f)
{
	fputs("<td class=\"ver\">", out);
	if (f->fixed_versions.count > 0) {
		write_list(out, &f->fixed_versions, "");
	} else if (f->fix_state == ASSAY_FIX_NOT_FIXED) {
		fputs("<span class=\"muted\">no fix yet</span>", out);
	} else if (f->fix_state == ASSAY_FIX_WONT_FIX) {
		fputs("<span class=\"muted\">will not be fixed</span>", out);
	}
	fputs("</td>", out);
}

/* The place of the finding: file and line, package path or target, and the image when several. */
static void write_where(FILE *out, const assay_finding *f, bool several_images)
{
	const char *place = f->file != NULL ? f->file : f->pkg_path;

	/* A target that starts with the image's name ("app:1.0 (debian 12.5)") adds nothing. */
	if (place == NULL && f->target != NULL &&
	    (f->image == NULL || strncmp(f->target, f->image, strlen(f->image)) != 0)) {
		place = f->target;
	}
	if (place == NULL && !(several_images && f->image != NULL)) {
		return;
	}
	fputs("<div class=\"where\">", out);
	if (place != NULL) {
		html_text(out, place);
		if (f->file != NULL && f->start_line > 0) {
			fprintf(out, ":%d", f->start_line);
		}
	}
	if (several_images && f->image != NULL) {
		fputs(place != NULL ? " &#183; " : "", out);
		html_text(out, f->image);
	}
	fputs("</div>", out);
}

static void write_title_cell(FILE *out, const assay_finding *f, bool several_images)
{
	fputs("<td>", out);
	html_text(out, f->title != NULL ? f->title : f->message);
	if (f->resolution != NULL) {
		fputs("<div class=\"fix\">Fix: ", out);
		html_text(out, f->resolution);
		fputs("</div>", out);
	}
	write_where(out, f, several_images);
	fputs("</td>", out);
}

/* Whether the finding is ignored and why, and a severity a policy changed. */
static void write_status_cell(FILE *out, const assay_finding *f)
{
	fputs(f->ignored ? "<td class=\"state\">" : "<td>", out);
	if (f->ignored) {
		fputs("<b>ignored</b>", out);
		if (f->ignore_reason != NULL) {
			fputs(": ", out);
			html_text(out, f->ignore_reason);
		}
		if (f->ignore_rule != NULL) {
			fputs("<div class=\"where\">rule ", out);
			html_text(out, f->ignore_rule);
			if (f->ignore_source != NULL) {
				fputs(" from ", out);
				html_text(out, f->ignore_source);
			}
			if (f->ignore_expires != NULL) {
				fputs(", until ", out);
				html_text(out, f->ignore_expires);
			}
			fputs("</div>", out);
		}
	}
	if (f->severity != f->original_severity) {
		fprintf(out, "<div class=\"where\">severity was %s",
			assay_severity_name(f->original_severity));
		if (f->severity_reason != NULL) {
			fputs(": ", out);
			html_text(out, f->severity_reason);
		}
		fputs("</div>", out);
	}
	fputs("</td>", out);
}

static void write_row(FILE *out, const assay_finding *f, bool several_images)
{
	const char *severity = assay_severity_name(f->severity);

	fprintf(out,
		"<tr data-severity=\"%s\"%s><td class=\"nowrap\"><span class=\"badge %s\">%s</span>"
		"</td>",
		severity, f->ignored ? " class=\"ignored\"" : "", html_severity_class(f->severity),
		severity);
	write_id_cell(out, f);
	fputs("<td class=\"pkg\">", out);
	html_text(out, f->pkg_name);
	fputs("</td><td class=\"ver\">", out);
	html_text(out, f->pkg_version);
	fputs("</td>", out);
	write_fixed_cell(out, f);
	write_title_cell(out, f, several_images);
	fprintf(out, "<td class=\"nowrap\">%s</td><td>", assay_kind_name(f->kind));
	write_list(out, &f->scanners, "");
	fputs("</td>", out);
	write_status_cell(out, f);
	fputs("</tr>\n", out);
}

/*
 * Prefetch the struct three rows ahead, the strings two rows ahead and the
 * list strings of the next row, because each step needs the pointers that
 * the step before loaded.
 */
static void prefetch_ahead(const assay_ctx *ctx, size_t count, size_t i)
{
	if (i + 3 < count) {
		assay_finding_prefetch(assay_finding_at(ctx, i + 3), ASSAY_PREFETCH_STRUCT);
	}
	if (i + 2 < count) {
		assay_finding_prefetch(assay_finding_at(ctx, i + 2), ASSAY_PREFETCH_STRINGS);
	}
	if (i + 1 < count) {
		assay_finding_prefetch(assay_finding_at(ctx, i + 1), ASSAY_PREFETCH_LISTS);
	}
}

void html_write_findings(html_writer *w)
{
	size_t count = assay_finding_count(w->ctx);
	bool several_images = assay_image_count(w->ctx) > 1;
	assay_counts counts;
	size_t i;

	assay_count(&counts, w->ctx, -1, NULL, NULL);
	fprintf(w->out,
		"<h2 id=\"findings-heading\">Findings: %zu (%zu not ignored, %zu ignored)</h2>\n",
		count, counts.total, counts.ignored);
	if (count == 0) {
		fputs("<p class=\"muted\">No findings.</p>\n", w->out);
		return;
	}
	write_filters(w->out);
	fputs("<table id=\"findings\"><thead><tr><th>Severity</th><th>ID</th><th>Package</th>"
	      "<th>Installed</th><th>Fixed in</th><th>Title</th><th>Kind</th><th>Scanners</th>"
	      "<th>Status</th></tr></thead>\n<tbody>\n",
	      w->out);
	for (i = 0; i < count; i++) {
		prefetch_ahead(w->ctx, count, i);
		write_row(w->out, assay_finding_at(w->ctx, i), several_images);
	}
	fputs("</tbody></table>\n", w->out);
}
