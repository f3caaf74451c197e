/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that streams one self-contained HTML page: verdict, counts, advice, findings. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "html.h"

/* Findings listed under "Fix first" in the verdict. */
#define FIX_FIRST_COUNT 5
/* Image names in the verdict and the title before the rest are only counted. */
#define SUBJECT_IMAGES 3

/* Severities highest first, the order of every count on the page. */
static const assay_severity severity_order[ASSAY_SEVERITY_COUNT] = {
    ASSAY_SEVERITY_CRITICAL, ASSAY_SEVERITY_HIGH,    ASSAY_SEVERITY_MEDIUM,
    ASSAY_SEVERITY_LOW,	     ASSAY_SEVERITY_UNKNOWN,
};

/* Bar colours of the chart, indexed by assay_severity. They match the CSS badges. */
static const char *const severity_colour[ASSAY_SEVERITY_COUNT] = {
    "#6e7781", "#3b6fb6", "#a36a00", "#ce5019", "#ab1a1a",
};

/*
 * The whole style sheet. The CSP allows inline style, so no file is
 * fetched, and the fonts are the reader's own system fonts.
 */
static const char style_sheet[] =
    ":root{color-scheme:light}\n"
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\","
    "Arial,sans-serif;margin:0;color:#1f2328;background:#fff}\n"
    "main{max-width:1400px;margin:0 auto;padding:16px 24px 48px}\n"
    "h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de}\n"
    "h3{font-size:15px;margin:16px 0 6px}\n"
    ".meta{color:#57606a;font-size:13px;margin:4px 0 0}\n"
    ".verdict{border-radius:8px;padding:18px 24px;margin:8px 0 16px;color:#fff}\n"
    ".verdict.passed{background:#1a7f37}.verdict.failed{background:#cf222e}\n"
    ".verdict-word{font-size:48px;font-weight:800;letter-spacing:.04em;margin:0;"
    "line-height:1.05}\n"
    ".verdict .subject{font-size:17px;margin:6px 0 0;word-break:break-all}\n"
    ".verdict .summary-line{font-size:16px;margin:10px 0 0;font-weight:600}\n"
    ".verdict ul{margin:6px 0 0;padding-left:22px;font-size:15px}\n"
    ".fix-first{background:#fff;color:#1f2328;border-radius:6px;padding:10px 16px;"
    "margin:14px 0 0}\n"
    ".fix-first h3{margin:0 0 6px}.fix-first ol{margin:0;padding-left:22px}\n"
    ".fix-first li{margin:3px 0}\n"
    "table{border-collapse:collapse}\n"
    "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f6f8fa}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tr.total td,tr.total th{font-weight:700}\n"
    ".badge{display:inline-block;padding:1px 6px;border-radius:4px;font-size:12px;"
    "font-weight:700;color:#fff;white-space:nowrap}\n"
    ".sev-critical{background:#ab1a1a}.sev-high{background:#ce5019}"
    ".sev-medium{background:#a36a00}.sev-low{background:#3b6fb6}"
    ".sev-unknown{background:#6e7781}.sev-other{background:#57606a}\n"
    ".tag{display:inline-block;border:1px solid #8c959f;border-radius:4px;padding:0 4px;"
    "font-size:11px;margin-left:4px}\n"
    ".kev{border-color:#ab1a1a;color:#ab1a1a;font-weight:700}\n"
    ".status{font-weight:700}.good{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}\n"
    ".muted{color:#6e7781}\n"
    ".overview{display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start}\n"
    "svg.chart text{font-size:13px;fill:#1f2328}\n"
    "tr.failed td{background:#ffebe9}\n"
    "table.kv{margin:4px 0}table.kv>tbody>tr>th{white-space:nowrap;font-weight:600}\n"
    ".section-data .block{margin:10px 0 0 0}\n"
    ".section-data .label{font-weight:700;margin:0 0 4px;text-transform:capitalize}\n"
    ".section-data .card{border-left:4px solid #d0d7de;padding:2px 0 6px 12px;margin:12px 0}\n"
    ".section-data table.data{width:100%}\n"
    ".section-data td{overflow-wrap:break-word}.section-data ul.compact{overflow-wrap:anywhere}\n"
    "ul.compact{margin:0;padding-left:16px}ul.compact li{margin:2px 0}\n"
    ".k{color:#57606a}\n"
    "details.passed-checks{margin:8px 0}details.passed-checks summary{cursor:pointer}\n"
    "#findings{width:100%;font-size:13px}\n"
    "#findings td{overflow-wrap:anywhere}\n"
    "#findings td.nowrap{white-space:nowrap}\n"
    "#findings td.pkg{min-width:9em}#findings td.ver{min-width:6em}"
    "#findings td.state{min-width:12em}\n"
    "#findings tr.ignored td{color:#6e7781;background:#f6f8fa}\n"
    ".where,.fix,.bad-url{color:#57606a;font-size:12px}\n"
    ".bad-url{font-family:monospace;white-space:normal;max-width:16em}\n"
    "#filters{margin:8px 0;display:flex;gap:12px;flex-wrap:wrap;align-items:center}\n"
    "#filters input[type=search]{min-width:260px;padding:3px 6px}\n"
    "@media print{#filters{display:none}.verdict{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}}\n";

/*
 * The only script: severity, text and ignored filters on the findings
 * table. It reveals the filter form, which stays hidden without script,
 * and shows or hides rows that are already in the page. It adds no content.
 * Its SHA-256 is computed at run time for the Content-Security-Policy, so
 * this text can change freely.
 */
static const char filter_script[] =
    "\n(function () {\n"
    "\tvar form = document.getElementById('filters');\n"
    "\tvar table = document.getElementById('findings');\n"
    "\tif (!form || !table) { return; }\n"
    "\tvar rows = table.tBodies[0].rows;\n"
    "\tvar texts = null;\n"
    "\tvar shown = document.getElementById('shown');\n"
    "\tfunction apply() {\n"
    "\t\tvar query = form.elements.q.value.trim().toLowerCase();\n"
    "\t\tvar withIgnored = form.elements.ignored.checked;\n"
    "\t\tvar wanted = {};\n"
    "\t\tvar boxes = form.querySelectorAll('input[name=severity]');\n"
    "\t\tfor (var i = 0; i < boxes.length; i++) { wanted[boxes[i].value] = boxes[i].checked; }\n"
    "\t\tif (query && texts === null) {\n"
    "\t\t\ttexts = [];\n"
    "\t\t\tfor (var k = 0; k < rows.length; k++) { texts.push(rows[k].textContent.toLowerCase()); "
    "}\n"
    "\t\t}\n"
    "\t\tvar count = 0;\n"
    "\t\tfor (var j = 0; j < rows.length; j++) {\n"
    "\t\t\tvar row = rows[j];\n"
    "\t\t\tvar visible = wanted[row.getAttribute('data-severity')] === true &&\n"
    "\t\t\t\t(withIgnored || !row.classList.contains('ignored')) &&\n"
    "\t\t\t\t(!query || texts[j].indexOf(query) >= 0);\n"
    "\t\t\trow.hidden = !visible;\n"
    "\t\t\tif (visible) { count++; }\n"
    "\t\t}\n"
    "\t\tshown.textContent = count + ' of ' + rows.length + ' shown';\n"
    "\t}\n"
    "\tform.addEventListener('input', apply);\n"
    "\tform.addEventListener('submit', function (event) { event.preventDefault(); });\n"
    "\tform.hidden = false;\n"
    "\tapply();\n"
    "})();\n";

const char *html_severity_class(assay_severity severity)
{
	switch (severity) {
	case ASSAY_SEVERITY_CRITICAL:
		return "sev-critical";
	case ASSAY_SEVERITY_HIGH:
		return "sev-high";
	case ASSAY_SEVERITY_MEDIUM:
		return "sev-medium";
	case ASSAY_SEVERITY_LOW:
		return "sev-low";
	default:
		return "sev-unknown";
	}
}

static size_t failed_check_count(const assay_ctx *ctx)
{
	size_t checks = assay_check_count(ctx);
	size_t failed = 0;
	size_t i;

	for (i = 0; i < checks; i++) {
		failed += assay_check_at(ctx, i, NULL)->passed ? 0 : 1;
	}
	return failed;
}

/* The subject of the report: the image names, the first SUBJECT_IMAGES of them. */
static void write_subject(html_writer *w)
{
	size_t images = assay_image_count(w->ctx);
	size_t i;

	if (images == 0) {
		fputs("no image", w->out);
		return;
	}
	if (images > 1) {
		fprintf(w->out, "%zu images: ", images);
	}
	for (i = 0; i < images && i < SUBJECT_IMAGES; i++) {
		fputs(i == 0 ? "" : ", ", w->out);
		html_text(w->out, assay_image_at(w->ctx, i)->name);
	}
	if (images > SUBJECT_IMAGES) {
		fprintf(w->out, " and %zu more", images - SUBJECT_IMAGES);
	}
}

static void write_head(html_writer *w, const char *verdict)
{
	char script_hash[HTML_SHA256_BASE64_SIZE];

	html_sha256_base64(script_hash, filter_script, strlen(filter_script));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", w->out);
	/* Nothing is fetched: no default source, inline style, and only the script of this hash. */
	fprintf(w->out,
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'; script-src 'sha256-%s'; img-src data:; "
		"base-uri 'none'; form-action 'none'\">\n",
		script_hash);
	fputs("<meta name=\"referrer\" content=\"no-referrer\">\n", w->out);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", w->out);
	fprintf(w->out, "<meta name=\"generator\" content=\"assay %s\">\n", assay_version());
	fprintf(w->out, "<title>assay report: %s &#8212; ", verdict);
	write_subject(w);
	fprintf(w->out, "</title>\n<style>\n%s</style>\n</head>\n", style_sheet);
}

/* "3 of 8 gate checks failed" and the message of each failed check. */
static void write_failed_checks(html_writer *w, size_t failed)
{
	size_t checks = assay_check_count(w->ctx);
	size_t i;

	if (checks == 0) {
		fputs("<p class=\"summary-line\">No gate checks ran.</p>\n", w->out);
		return;
	}
	if (failed == 0) {
		fprintf(w->out, "<p class=\"summary-line\">All %zu gate checks passed.</p>\n",
			checks);
		return;
	}
	fprintf(w->out, "<p class=\"summary-line\">%zu of %zu gate checks failed:</p>\n<ul>\n",
		failed, checks);
	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(w->ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		fputs("<li>", w->out);
		html_text(w->out, check->message != NULL ? check->message : check->name);
		fputs("</li>\n", w->out);
	}
	fputs("</ul>\n", w->out);
}

/* "package installed → fixed" of a finding, or its file, for the fix-first list. */
static void write_fix_place(html_writer *w, const assay_finding *f)
{
	if (f->pkg_name != NULL) {
		fputs(" in ", w->out);
		html_text(w->out, f->pkg_name);
		if (f->pkg_version != NULL) {
			fputc(' ', w->out);
			html_text(w->out, f->pkg_version);
		}
		if (f->fixed_versions.count > 0) {
			fputs(" &#8594; ", w->out);
			html_text(w->out, f->fixed_versions.items[0]);
		} else if (f->kind == ASSAY_KIND_VULNERABILITY) {
			fputs(" (no fix yet)", w->out);
		}
	} else if (f->file != NULL) {
		fputs(" in ", w->out);
		html_text(w->out, f->file);
		if (f->start_line > 0) {
			fprintf(w->out, ":%d", f->start_line);
		}
	}
}

/* The most severe findings that are not ignored, in the core's order. */
static void write_fix_first(html_writer *w)
{
	size_t count = assay_finding_count(w->ctx);
	size_t listed = 0;
	size_t i;

	for (i = 0; i < count && listed < FIX_FIRST_COUNT; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, i);

		if (f->ignored || f->severity < ASSAY_SEVERITY_MEDIUM) {
			continue;
		}
		if (listed++ == 0) {
			fputs("<div class=\"fix-first\">\n<h3>Fix first</h3>\n<ol>\n", w->out);
		}
		fprintf(w->out, "<li><span class=\"badge %s\">%s</span> <b>",
			html_severity_class(f->severity), assay_severity_name(f->severity));
		html_link(w->out, f->primary_url, f->id);
		fputs("</b>", w->out);
		write_fix_place(w, f);
		if (f->title != NULL || f->message != NULL) {
			fputs(": ", w->out);
			html_text(w->out, f->title != NULL ? f->title : f->message);
		}
		fputs("</li>\n", w->out);
	}
	if (listed > 0) {
		fputs("</ol>\n</div>\n", w->out);
	}
}

static void write_verdict(html_writer *w, bool passed, size_t failed)
{
	char when[64] = "";
	time_t start = (time_t)assay_run_time(w->ctx);
	struct tm utc;

	fprintf(w->out, "<section class=\"verdict %s\" id=\"verdict-section\">\n",
		passed ? "passed" : "failed");
	fprintf(w->out, "<p class=\"verdict-word\" id=\"verdict\">%s</p>\n",
		passed ? "PASSED" : "FAILED");
	fputs("<p class=\"subject\">", w->out);
	write_subject(w);
	fputs("</p>\n", w->out);
	write_failed_checks(w, failed);
	write_fix_first(w);
	fputs("</section>\n", w->out);

	if (gmtime_r(&start, &utc) != NULL) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &utc);
	}
	fprintf(w->out, "<p class=\"meta\">Report by assay %s, run at %s.</p>\n", assay_version(),
		when);
}

/* A horizontal bar per severity. The numbers are text, so they read without the bars. */
static void write_chart(html_writer *w, const assay_counts *counts)
{
	size_t max = 0;
	size_t i;

	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		max = counts->by_severity[i] > max ? counts->by_severity[i] : max;
	}
	fputs("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" "
	      "height=\"170\" viewBox=\"0 0 460 170\" role=\"img\" "
	      "aria-labelledby=\"chart-title\">\n",
	      w->out);
	fputs("<title id=\"chart-title\">Findings that are not ignored, by severity:", w->out);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		fprintf(w->out, "%s %s %zu", i == 0 ? "" : ",",
			assay_severity_name(severity_order[i]),
			counts->by_severity[severity_order[i]]);
	}
	fputs("</title>\n", w->out);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		assay_severity severity = severity_order[i];
		size_t value = counts->by_severity[severity];
		double width = max == 0 ? 0 : 300.0 * (double)value / (double)max;
		int y = 8 + (int)i * 32;

		if (value > 0 && width < 2) {
			width = 2;
		}
		fprintf(
		    w->out,
		    "<text x=\"0\" y=\"%d\">%s</text>"
		    "<rect x=\"80\" y=\"%d\" width=\"%.1f\" height=\"22\" rx=\"3\" fill=\"%s\"/>"
		    "<text x=\"%.1f\" y=\"%d\">%zu</text>\n",
		    y + 16, assay_severity_name(severity), y, width, severity_colour[severity],
		    80 + width + 6, y + 16, value);
	}
	fputs("</svg>\n", w->out);
}

/* One row of the counts table. Ids like count-vulnerability-HIGH let tests and scripts find a cell.
 */
static void write_count_row(html_writer *w, const char *label, const char *id,
			    const assay_counts *counts, bool total)
{
	size_t i;

	fprintf(w->out, "<tr%s><th>%s</th>", total ? " class=\"total\"" : "", label);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		const char *name = assay_severity_name(severity_order[i]);

		fprintf(w->out, "<td class=\"num\" id=\"count-%s-%s\">%zu</td>", id, name,
			counts->by_severity[severity_order[i]]);
	}
	fprintf(w->out, "<td class=\"num\" id=\"count-%s-total\">%zu</td>", id, counts->total);
	fprintf(w->out, "<td class=\"num\" id=\"count-%s-ignored\">%zu</td></tr>\n", id,
		counts->ignored);
}

static void write_counts(html_writer *w)
{
	assay_counts counts;
	size_t i;
	int kind;

	fputs("<h2 id=\"counts\">Findings by severity</h2>\n<div class=\"overview\">\n", w->out);
	assay_count(&counts, w->ctx, -1, NULL, NULL);
	write_chart(w, &counts);

	fputs("<table class=\"counts\"><thead><tr><th>Kind</th>", w->out);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		fprintf(w->out, "<th class=\"num\">%s</th>",
			assay_severity_name(severity_order[i]));
	}
	fputs("<th class=\"num\">Total</th><th class=\"num\">Ignored</th></tr></thead><tbody>\n",
	      w->out);
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		assay_counts by_kind;
		const char *name = assay_kind_name((assay_kind)kind);

		assay_count(&by_kind, w->ctx, kind, NULL, NULL);
		write_count_row(w, name, name, &by_kind, false);
	}
	write_count_row(w, "all findings", "all", &counts, true);
	fputs("</tbody></table>\n</div>\n", w->out);
	fputs("<p class=\"meta\">Counts leave out ignored findings, which the last column "
	      "counts.</p>\n",
	      w->out);
}

/* A count or limit of a check, or a dash when the check is not a count. */
static void write_check_number(html_writer *w, long long value)
{
	if (value >= 0) {
		fprintf(w->out, "<td class=\"num\">%lld</td>", value);
	} else {
		fputs("<td class=\"num muted\">&#8212;</td>", w->out);
	}
}

static void write_check_row(html_writer *w, const assay_check *check, const char *source)
{
	fprintf(w->out, "<tr%s><td><span class=\"status %s\">%s</span></td><td>",
		check->passed ? "" : " class=\"failed\"", check->passed ? "good" : "bad",
		check->passed ? "passed" : "FAILED");
	html_text(w->out, check->name);
	fputs("</td><td>", w->out);
	if (check->image != NULL) {
		html_text(w->out, check->image);
	} else {
		fputs("<span class=\"muted\">all</span>", w->out);
	}
	fputs("</td>", w->out);
	write_check_number(w, check->count);
	write_check_number(w, check->limit);
	fputs("<td>", w->out);
	html_text(w->out, check->message);
	fputs("</td><td>", w->out);
	html_text(w->out, source);
	fputs("</td></tr>\n", w->out);
}

/* The table of the failed or of the passed checks. */
static void write_check_table(html_writer *w, bool passed)
{
	size_t checks = assay_check_count(w->ctx);
	size_t i;

	fputs("<table class=\"checks\"><thead><tr><th>Status</th><th>Check</th><th>Image</th>"
	      "<th class=\"num\">Count</th><th class=\"num\">Limit</th><th>Message</th>"
	      "<th>Added by</th></tr></thead><tbody>\n",
	      w->out);
	for (i = 0; i < checks; i++) {
		const char *source = NULL;
		const assay_check *check = assay_check_at(w->ctx, i, &source);

		if (check->passed == passed) {
			write_check_row(w, check, source);
		}
	}
	fputs("</tbody></table>\n", w->out);
}

/* The failed checks, then the passed ones folded away (a <details> element, no script). */
static void write_checks(html_writer *w, size_t failed)
{
	size_t checks = assay_check_count(w->ctx);

	fputs("<h2 id=\"checks\">Threshold violations and gate checks</h2>\n", w->out);
	if (checks == 0) {
		fputs("<p class=\"muted\">No gate checks ran.</p>\n", w->out);
		return;
	}
	if (failed > 0) {
		write_check_table(w, false);
	} else {
		fputs("<p>No violations.</p>\n", w->out);
	}
	if (checks > failed) {
		fprintf(w->out,
			"<details class=\"passed-checks\"><summary>%zu passed checks</summary>\n",
			checks - failed);
		write_check_table(w, true);
		fputs("</details>\n", w->out);
	}
}

/* Rank of a recommendation's priority: 0 for CRITICAL … 3 for LOW, 4 for anything else. */
static int priority_rank(const char *priority)
{
	static const char *const names[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
	int i;

	for (i = 0; priority != NULL && i < 4; i++) {
		if (strcmp(priority, names[i]) == 0) {
			return i;
		}
	}
	return 4;
}

static void write_recommendation(html_writer *w, const assay_recommendation *rec, int rank)
{
	static const char *const classes[] = {"sev-critical", "sev-high", "sev-medium", "sev-low",
					      "sev-other"};

	fputs("<li>", w->out);
	if (rec->priority != NULL) {
		fprintf(w->out, "<span class=\"badge %s\">", classes[rank]);
		html_text(w->out, rec->priority);
		fputs("</span> ", w->out);
	}
	if (rec->category != NULL) {
		fputs("<b>", w->out);
		html_text(w->out, rec->category);
		fputs(":</b> ", w->out);
	}
	html_text(w->out, rec->text);
	if (rec->rationale != NULL) {
		fputs("<br><span class=\"muted\">", w->out);
		html_text(w->out, rec->rationale);
		fputs("</span>", w->out);
	}
	fputs("</li>\n", w->out);
}

/* Recommendations, most urgent first, in the analyzers' order within a priority. */
static void write_recommendations(html_writer *w)
{
	size_t count = assay_recommendation_count(w->ctx);
	int rank;
	size_t i;

	fputs("<h2 id=\"recommendations\">Recommendations</h2>\n", w->out);
	if (count == 0) {
		fputs("<p class=\"muted\">No recommendations.</p>\n", w->out);
		return;
	}
	fputs("<ol class=\"recommendations\">\n", w->out);
	for (rank = 0; rank <= 4; rank++) {
		for (i = 0; i < count; i++) {
			const assay_recommendation *rec = assay_recommendation_at(w->ctx, i);

			if (priority_rank(rec->priority) == rank) {
				write_recommendation(w, rec, rank);
			}
		}
	}
	fputs("</ol>\n", w->out);
}

/* The compliance section, or "not assessed" when no analyzer set one. */
static void write_compliance(html_writer *w)
{
	const cJSON *compliance = assay_section_get(w->ctx, "compliance");

	fputs("<h2 id=\"compliance\">Compliance</h2>\n", w->out);
	if (compliance == NULL || ((cJSON_IsObject(compliance) || cJSON_IsArray(compliance)) &&
				   compliance->child == NULL)) {
		fputs("<p class=\"muted\">Not assessed: no analyzer reported compliance "
		      "results.</p>\n",
		      w->out);
		return;
	}
	html_json(w->out, compliance);
}

/* The "quantum" section first, then every other section an analyzer set, by its key. */
static void write_other_sections(html_writer *w)
{
	const cJSON *quantum = assay_section_get(w->ctx, "quantum");
	size_t count = assay_section_count(w->ctx);
	size_t i;

	if (quantum != NULL) {
		fputs("<h2 id=\"quantum\">Quantum</h2>\n", w->out);
		html_json(w->out, quantum);
	}
	for (i = 0; i < count; i++) {
		const char *key = NULL;
		const cJSON *value = assay_section_at(w->ctx, i, &key);

		if (key == NULL || value == NULL || strcmp(key, "compliance") == 0 ||
		    strcmp(key, "quantum") == 0) {
			continue;
		}
		fputs("<h2>", w->out);
		html_text(w->out, key);
		fputs("</h2>\n", w->out);
		html_json(w->out, value);
	}
}

/*
 * Whether an image passed: no failed check names it. A failed check of the
 * whole run counts against the image too when the run has only one image.
 */
static bool image_passed(const assay_ctx *ctx, const assay_image *image, size_t images)
{
	size_t checks = assay_check_count(ctx);
	size_t i;

	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		if (check->image == NULL ? images == 1 : strcmp(check->image, image->name) == 0) {
			return false;
		}
	}
	return true;
}

static void write_image_row(html_writer *w, const assay_image *image, size_t images)
{
	bool passed = image_passed(w->ctx, image, images);
	assay_counts counts;
	size_t i;

	assay_count(&counts, w->ctx, -1, image, NULL);
	fputs("<tr><td>", w->out);
	html_text(w->out, image->name);
	fprintf(w->out, "</td><td><span class=\"status %s\">%s</span></td>",
		passed ? "good" : "bad", passed ? "passed" : "FAILED");
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		fprintf(w->out, "<td class=\"num\">%zu</td>",
			counts.by_severity[severity_order[i]]);
	}
	fprintf(w->out, "<td class=\"num\">%zu</td><td>", counts.ignored);
	html_text(w->out, image->os_family);
	if (image->os_name != NULL) {
		fputc(' ', w->out);
		html_text(w->out, image->os_name);
	}
	fputs("</td><td>", w->out);
	for (i = 0; i < image->scanners.count; i++) {
		fputs(i == 0 ? "" : ", ", w->out);
		html_text(w->out, image->scanners.items[i]);
	}
	fputs("</td></tr>\n", w->out);
}

/* A row per image, when the run has more than one. */
static void write_images(html_writer *w)
{
	size_t images = assay_image_count(w->ctx);
	size_t i;

	if (images < 2) {
		return;
	}
	fputs("<h2 id=\"images\">Images</h2>\n<table class=\"images\"><thead><tr><th>Image</th>"
	      "<th>Gate</th>",
	      w->out);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		fprintf(w->out, "<th class=\"num\">%s</th>",
			assay_severity_name(severity_order[i]));
	}
	fputs("<th class=\"num\">Ignored</th><th>OS</th><th>Scanners</th></tr></thead><tbody>\n",
	      w->out);
	for (i = 0; i < images; i++) {
		write_image_row(w, assay_image_at(w->ctx, i), images);
	}
	fputs("</tbody></table>\n", w->out);
}

static int html_write(assay_ctx *ctx, FILE *out)
{
	html_writer w = {ctx, out};
	size_t failed = failed_check_count(ctx);
	bool passed = assay_gate_passed(ctx);

	write_head(&w, passed ? "PASSED" : "FAILED");
	fputs("<body>\n<main>\n", out);
	write_verdict(&w, passed, failed);
	write_counts(&w);
	write_checks(&w, failed);
	write_recommendations(&w);
	write_compliance(&w);
	write_other_sections(&w);
	write_images(&w);
	html_write_findings(&w);
	fputs("</main>\n<script>", out);
	fputs(filter_script, out);
	fputs("</script>\n</body>\n</html>\n", out);

	if (fflush(out) != 0 || ferror(out)) {
		return assay_error(ctx, ASSAY_EIO, "writing the HTML report to '%s' failed: %s",
				   assay_output_path(ctx), strerror(errno));
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_OUTPUT,
    .name = "html",
    .version = "0.1.0",
    .summary = "one self-contained HTML page: verdict, severity chart, checks, advice, findings",
    .write = html_write,
    .flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
