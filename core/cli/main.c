/* SPDX-License-Identifier: Apache-2.0 */
/* The assay command: parses the command line and drives libassay. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Exit statuses: the gate's verdict, or an error. */
enum { EXIT_PASS = 0, EXIT_GATE = 1, EXIT_ERROR = 2 };

/* Options that take no letter get codes above the byte range. */
enum {
	OPT_THRESHOLD_CRITICAL = 256,
	OPT_THRESHOLD_HIGH,
	OPT_THRESHOLD_MEDIUM,
	OPT_THRESHOLD_LOW,
	OPT_IGNORE_FILE,
	OPT_IGNORE_UNFIXED,
	OPT_BASELINE,
	OPT_FAIL_ON_NEW,
	OPT_PLUGIN_PATH,
	OPT_DOCKERFILE,
	OPT_NO_FAIL,
	OPT_OPTION,
	OPT_TRIVY_REPORT,
	OPT_GRYPE_REPORT,
	OPT_OUTPUT_FILE,
	OPT_FORMAT,
	OPT_POLICY_MAX_INSTRUCTIONS,
	OPT_POLICY_MAX_MEMORY,
	OPT_HELP,
	OPT_VERSION
};

static const char usage_text[] =
	"usage: assay run [OPTIONS]\n"
	"       assay analyze --trivy-report FILE [--grype-report FILE] [OPTIONS]\n"
	"                     (a drop-in for analyze_container_results.py; see\n"
	"                     'assay analyze --help')\n"
	"       assay plugins [--plugin-path DIR]\n"
	"       assay policy check FILE [--policy-max-* LIMIT]\n"
	"       assay --help | --version\n"
	"\n"
	"assay run: read scanner reports, merge their findings, gate on thresholds and\n"
	"write reports.\n"
	"  -i, --input [FORMAT:]FILE   scanner report; FORMAT is trivy, grype, hadolint, snyk,\n"
	"                              clair, sarif or auto (default: detected from the\n"
	"                              content); FILE - is stdin; repeatable\n"
	"  -o, --output FORMAT[:FILE]  json, html, sarif, gitlab, markdown, junit, prometheus\n"
	"                              or console; FILE omitted or - is stdout; repeatable;\n"
	"                              default: console\n"
	"  -p, --policy FILE           Lua policy (docs/policy.md)\n"
	"  --policy-max-instructions N Lua VM instructions the policy may run in the whole\n"
	"                              run (default 200000000)\n"
	"  --policy-max-memory MIB     memory the policy's Lua state may use, in MiB\n"
	"                              (default 64)\n"
	"  --threshold-critical N      maximum allowed CRITICAL vulnerabilities (default 0)\n"
	"  --threshold-high N          maximum allowed HIGH vulnerabilities (default 5)\n"
	"  --threshold-medium N        maximum allowed MEDIUM vulnerabilities (default 20)\n"
	"  --threshold-low N           maximum allowed LOW vulnerabilities (default 50)\n"
	"  --ignore-file FILE          .trivyignore, .trivyignore.yaml or .grype.yaml; repeatable\n"
	"  --ignore-unfixed            ignore findings that have no fixed version\n"
	"  --baseline FILE             earlier JSON analysis; findings are marked new or known\n"
	"  --fail-on-new               thresholds count only findings the baseline lacks\n"
	"  --dockerfile FILE           Dockerfile of the image, to anchor findings to its lines\n"
	"  --plugin-path DIR           extra plugin folder (also ASSAY_PLUGIN_PATH,\n"
	"                              colon-separated); repeatable\n"
	"  --option KEY=VALUE          option for a plugin; repeatable\n"
	"  --no-fail                   report violations but exit 0 (errors still exit 2)\n"
	"  -v, --verbose               log progress to stderr (twice for debug lines)\n"
	"  -q, --quiet                 log only errors\n"
	"\n"
	"Exit status: 0 when every threshold and policy rule holds, 1 when one is\n"
	"violated, 2 for invalid usage, an unreadable or invalid report, a plugin that\n"
	"fails to load or a policy error. On status 2 no output file is written or\n"
	"replaced (stdout, a device or a pipe may hold part of a report).\n"
	"\n"
	"assay policy check FILE: load a policy, run its hooks on an empty report and\n"
	"print the hooks it defines; exit 2 with FILE:LINE on the first error.\n";

static const char analyze_usage_text[] =
	"usage: assay analyze --trivy-report FILE [--grype-report FILE]\n"
	"                     [--threshold-critical N] [--threshold-high N]\n"
	"                     [--output FILE] [--format json|html] [--plugin-path DIR]\n"
	"\n"
	"The flags of the Python analyzer analyze_container_results.py, so a pipeline can\n"
	"call assay in its place. Checks CRITICAL (default limit 0), HIGH (default 5) and\n"
	"MEDIUM (20) vulnerabilities; LOW is not checked, as in that analyzer.\n"
	"  --trivy-report FILE   Trivy JSON report (required)\n"
	"  --grype-report FILE   Grype JSON report, merged with the Trivy one\n"
	"  --output FILE         report file (default security-analysis.json)\n"
	"  --format json|html    report format (default json)\n"
	"Exit status: 0 when the thresholds hold, 1 when one is exceeded, 2 on error.\n";

static void print_usage(FILE *stream)
{
	fputs(usage_text, stream);
}

/* The help that usage errors point to: the subcommand's own when it has one. */
static const char *help_command = "assay --help";

static int usage_error(const char *fmt, ...) ASSAY_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "assay: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see '%s'\n", help_command);
	return EXIT_ERROR;
}

/* Common state of the subcommands. */
typedef struct {
	assay_run *run;
	const char *exe;
	char **plugin_dirs;
	size_t plugin_dir_count;
	bool no_fail;
	int verbosity;
} cli;

static int add_plugin_dir(cli *c, char *dir)
{
	char **grown = realloc(c->plugin_dirs, (c->plugin_dir_count + 1) * sizeof(*grown));

	if (!grown) {
		return -1;
	}
	c->plugin_dirs = grown;
	c->plugin_dirs[c->plugin_dir_count++] = dir;
	return 0;
}

/* Load the default plugins, then every --plugin-path folder. */
static int load_plugins(cli *c)
{
	size_t i;
	int err;

	err = assay_run_load_default_plugins(c->run, c->exe);
	for (i = 0; !err && i < c->plugin_dir_count; i++) {
		err = assay_run_load_plugin_dir(c->run, c->plugin_dirs[i], false);
	}
	return err;
}

static int fail_with_run_error(const cli *c)
{
	fprintf(stderr, "assay: error: %s\n", assay_run_error(c->run));
	return EXIT_ERROR;
}

/* Split "FORMAT:FILE" when the prefix names a loaded plugin of `kind` (or "auto"). */
static void split_spec(const assay_run *run, assay_plugin_kind kind, const char *spec,
		       char *format, size_t size, const char **path)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	size_t i;

	format[0] = '\0';
	*path = spec;
	if (len == 0 || len >= size) {
		return;
	}
	memcpy(format, spec, len);
	format[len] = '\0';
	if (kind == ASSAY_PLUGIN_INPUT && strcmp(format, "auto") == 0) {
		*path = colon ? colon + 1 : "";
		return;
	}
	for (i = 0; i < assay_run_plugin_count(run); i++) {
		assay_plugin_info info = assay_run_plugin_at(run, i);

		if (info.descriptor->kind == kind && strcmp(info.descriptor->name, format) == 0) {
			*path = colon ? colon + 1 : NULL;
			return;
		}
	}
	if (kind == ASSAY_PLUGIN_INPUT) {
		format[0] = '\0'; /* "dir:file.json" with no such format: the whole text is a path */
	} else {
		*path = colon ? colon + 1 : NULL;
	}
}

static int add_input(cli *c, const char *spec)
{
	char format[64];
	const char *path;
	const char *colon;

	split_spec(c->run, ASSAY_PLUGIN_INPUT, spec, format, sizeof(format), &path);
	if (!path || !*path) {
		return usage_error("missing file in input '%s'", spec);
	}

	/* "nessus:report.json" where only report.json exists: an unknown format, not a path. */
	colon = strchr(spec, ':');
	if (!format[0] && colon && access(spec, F_OK) != 0 && access(colon + 1, F_OK) == 0) {
		int len = (int)(colon - spec);

		fprintf(stderr, "assay: error: unknown input format '%.*s' in '%s'; see 'assay plugins' "
			"for the input formats\n", len, spec, spec);
		return EXIT_ERROR;
	}
	if (assay_run_add_input(c->run, format[0] ? format : NULL, path) != 0) {
		return fail_with_run_error(c);
	}
	return 0;
}

static int add_output(cli *c, const char *spec)
{
	char format[64];
	const char *path;

	split_spec(c->run, ASSAY_PLUGIN_OUTPUT, spec, format, sizeof(format), &path);
	if (assay_run_add_output(c->run, format, path) != 0) {
		return fail_with_run_error(c);
	}
	return 0;
}

/* Check that a threshold is a whole number >= 0 before it reaches the analyzer. */
static int set_threshold(cli *c, const char *name, const char *value)
{
	char *end = NULL;
	long long n;

	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno || !end || *end || end == value || n < 0) {
		fprintf(stderr,
			"assay: error: invalid --%s value '%s': expected a whole number of 0 or more\n",
			name, value);
		return EXIT_ERROR;
	}
	if (assay_run_set_option(c->run, name, value) != 0) {
		return fail_with_run_error(c);
	}
	return 0;
}

/* Check a policy limit: a whole number of 1 or more, at most `max`. */
static int set_policy_limit(cli *c, const char *name, const char *value, long long max)
{
	char *end = NULL;
	long long n;

	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno || !end || *end || end == value || value[0] == '-' || value[0] == '+' || n < 1 ||
	    n > max) {
		fprintf(stderr,
			"assay: error: invalid --%s value '%s': expected a whole number from 1 to %lld\n",
			name, value, max);
		return EXIT_ERROR;
	}
	if (assay_run_set_option(c->run, name, value) != 0) {
		return fail_with_run_error(c);
	}
	return 0;
}

static int set_key_value(cli *c, const char *text)
{
	const char *eq = strchr(text, '=');
	char key[128];
	size_t len;

	if (!eq || eq == text || (size_t)(eq - text) >= sizeof(key)) {
		return usage_error("invalid --option '%s': expected KEY=VALUE", text);
	}
	len = (size_t)(eq - text);
	memcpy(key, text, len);
	key[len] = '\0';
	if (assay_run_set_option(c->run, key, eq + 1) != 0) {
		return fail_with_run_error(c);
	}
	return 0;
}

static const struct option run_options[] = {
	{"input", required_argument, NULL, 'i'},
	{"output", required_argument, NULL, 'o'},
	{"policy", required_argument, NULL, 'p'},
	{"threshold-critical", required_argument, NULL, OPT_THRESHOLD_CRITICAL},
	{"threshold-high", required_argument, NULL, OPT_THRESHOLD_HIGH},
	{"threshold-medium", required_argument, NULL, OPT_THRESHOLD_MEDIUM},
	{"threshold-low", required_argument, NULL, OPT_THRESHOLD_LOW},
	{"ignore-file", required_argument, NULL, OPT_IGNORE_FILE},
	{"ignore-unfixed", no_argument, NULL, OPT_IGNORE_UNFIXED},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW},
	{"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
	{"dockerfile", required_argument, NULL, OPT_DOCKERFILE},
	{"no-fail", no_argument, NULL, OPT_NO_FAIL},
	{"option", required_argument, NULL, OPT_OPTION},
	{"policy-max-instructions", required_argument, NULL, OPT_POLICY_MAX_INSTRUCTIONS},
	{"policy-max-memory", required_argument, NULL, OPT_POLICY_MAX_MEMORY},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0}};

/* Options that need the plugins loaded (formats) are kept for a second pass. */
static int parse_run_option(cli *c, int code, const char *arg)
{
	switch (code) {
	case 'p':
		return assay_run_set_option(c->run, "policy", arg) ? fail_with_run_error(c) : 0;
	case OPT_THRESHOLD_CRITICAL:
		return set_threshold(c, "threshold-critical", arg);
	case OPT_THRESHOLD_HIGH:
		return set_threshold(c, "threshold-high", arg);
	case OPT_THRESHOLD_MEDIUM:
		return set_threshold(c, "threshold-medium", arg);
	case OPT_THRESHOLD_LOW:
		return set_threshold(c, "threshold-low", arg);
	case OPT_IGNORE_FILE:
		return assay_run_set_option(c->run, "ignore-file", arg) ? fail_with_run_error(c) : 0;
	case OPT_IGNORE_UNFIXED:
		return assay_run_set_option(c->run, "ignore-unfixed", "1") ? fail_with_run_error(c) : 0;
	case OPT_BASELINE:
		return assay_run_set_option(c->run, "baseline", arg) ? fail_with_run_error(c) : 0;
	case OPT_FAIL_ON_NEW:
		return assay_run_set_option(c->run, "fail-on-new", "1") ? fail_with_run_error(c) : 0;
	case OPT_DOCKERFILE:
		return assay_run_set_option(c->run, "dockerfile", arg) ? fail_with_run_error(c) : 0;
	case OPT_NO_FAIL:
		c->no_fail = true;
		return assay_run_set_option(c->run, "no-fail", "1") ? fail_with_run_error(c) : 0;
	case OPT_OPTION:
		return set_key_value(c, arg);
	case OPT_POLICY_MAX_INSTRUCTIONS:
		return set_policy_limit(c, "policy-max-instructions", arg, LLONG_MAX);
	case OPT_POLICY_MAX_MEMORY:
		/* 1 TiB: the bridge rejects more, and a size_t of bytes must hold it */
		return set_policy_limit(c, "policy-max-memory", arg, 1048576);
	case 'v':
		c->verbosity++;
		return 0;
	case 'q':
		c->verbosity = -1;
		return 0;
	}
	return 0;
}

static void apply_verbosity(const cli *c)
{
	if (c->verbosity < 0) {
		assay_run_set_log_level(c->run, ASSAY_LOG_ERROR);
	} else if (c->verbosity == 1) {
		assay_run_set_log_level(c->run, ASSAY_LOG_INFO);
	} else if (c->verbosity > 1) {
		assay_run_set_log_level(c->run, ASSAY_LOG_DEBUG);
	}
}

/* Run the pipeline and turn its result into the exit status. */
static int execute(cli *c)
{
	if (assay_run_execute(c->run) != 0) {
		return fail_with_run_error(c);
	}
	if (!assay_run_gate_passed(c->run)) {
		return c->no_fail ? EXIT_PASS : EXIT_GATE;
	}
	return EXIT_PASS;
}

static int command_run(cli *c, int argc, char **argv)
{
	char **inputs = NULL;
	char **outputs = NULL;
	size_t input_count = 0;
	size_t output_count = 0;
	int status = EXIT_ERROR;
	size_t i;
	int code;

	inputs = calloc((size_t)argc, sizeof(*inputs));
	outputs = calloc((size_t)argc, sizeof(*outputs));
	if (!inputs || !outputs) {
		fprintf(stderr, "assay: error: out of memory\n");
		goto out;
	}

	optind = 1;
	opterr = 0;
	while ((code = getopt_long(argc, argv, ":i:o:p:vq", run_options, NULL)) != -1) {
		if (code == OPT_HELP) {
			print_usage(stdout);
			status = EXIT_PASS;
			goto out;
		}
		if (code == '?') {
			usage_error("unknown option '%s'", argv[optind - 1]);
			goto out;
		}
		if (code == ':') {
			usage_error("option '%s' needs a value", argv[optind - 1]);
			goto out;
		}
		if (code == 'i') {
			inputs[input_count++] = optarg;
		} else if (code == 'o') {
			outputs[output_count++] = optarg;
		} else if (code == OPT_PLUGIN_PATH) {
			if (add_plugin_dir(c, optarg) != 0) {
				goto out;
			}
		} else if (parse_run_option(c, code, optarg) != 0) {
			goto out;
		}
	}
	if (optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (input_count == 0) {
		usage_error("%s", "no report given: pass one or more with -i [FORMAT:]FILE");
		goto out;
	}

	apply_verbosity(c);
	if (load_plugins(c) != 0) {
		status = fail_with_run_error(c);
		goto out;
	}
	for (i = 0; i < input_count; i++) {
		if (add_input(c, inputs[i]) != 0) {
			goto out;
		}
	}
	for (i = 0; i < output_count; i++) {
		if (add_output(c, outputs[i]) != 0) {
			goto out;
		}
	}
	if (output_count == 0 && add_output(c, "console") != 0) {
		goto out;
	}
	status = execute(c);

out:
	free(inputs);
	free(outputs);
	return status;
}

static const struct option analyze_options[] = {
	{"trivy-report", required_argument, NULL, OPT_TRIVY_REPORT},
	{"grype-report", required_argument, NULL, OPT_GRYPE_REPORT},
	{"threshold-critical", required_argument, NULL, OPT_THRESHOLD_CRITICAL},
	{"threshold-high", required_argument, NULL, OPT_THRESHOLD_HIGH},
	{"output", required_argument, NULL, OPT_OUTPUT_FILE},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0}};

/* Print the verdict the way the Python analyzer did, for pipelines that grep it. */
static void print_analyze_verdict(const cli *c)
{
	const assay_run *run = c->run;
	size_t i;

	if (assay_run_gate_passed(run)) {
		printf("All security thresholds passed!\n");
		return;
	}
	printf("Security threshold violations detected!\n");
	for (i = 0; i < assay_run_check_count(run); i++) {
		const assay_check *check = assay_run_check_at(run, i);

		if (!check->passed && !check->image) {
			printf("  - %s\n", check->message);
		}
	}
}

/*
 * `assay analyze`: the flags of the Python analyzer that pipelines call
 * today. It checks critical, high and medium like that analyzer did (low is
 * not checked) and writes one report, security-analysis.json by default.
 */
static int command_analyze(cli *c, int argc, char **argv)
{
	const char *trivy = NULL;
	const char *grype = NULL;
	const char *output = "security-analysis.json";
	const char *format = "json";
	int code;
	int status;

	help_command = "assay analyze --help";
	optind = 1;
	opterr = 0;
	while ((code = getopt_long(argc, argv, ":", analyze_options, NULL)) != -1) {
		switch (code) {
		case OPT_HELP:
			fputs(analyze_usage_text, stdout);
			return EXIT_PASS;
		case OPT_TRIVY_REPORT:
			trivy = optarg;
			break;
		case OPT_GRYPE_REPORT:
			grype = optarg;
			break;
		case OPT_THRESHOLD_CRITICAL:
			if (set_threshold(c, "threshold-critical", optarg) != 0) {
				return EXIT_ERROR;
			}
			break;
		case OPT_THRESHOLD_HIGH:
			if (set_threshold(c, "threshold-high", optarg) != 0) {
				return EXIT_ERROR;
			}
			break;
		case OPT_OUTPUT_FILE:
			output = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_PLUGIN_PATH:
			if (add_plugin_dir(c, optarg) != 0) {
				return EXIT_ERROR;
			}
			break;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s' for analyze", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return usage_error("unexpected argument '%s'", argv[optind]);
	}
	if (!trivy) {
		return usage_error("%s", "missing --trivy-report FILE");
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
		return usage_error("invalid --format '%s': expected json or html", format);
	}

	if (assay_run_set_option(c->run, "threshold-low", "none") != 0 || load_plugins(c) != 0 ||
	    assay_run_add_input(c->run, "trivy", trivy) != 0 ||
	    (grype && assay_run_add_input(c->run, "grype", grype) != 0) ||
	    assay_run_add_output(c->run, format, output) != 0) {
		return fail_with_run_error(c);
	}
	status = execute(c);
	if (status != EXIT_ERROR) {
		print_analyze_verdict(c);
	}
	return status;
}

static const char *kind_word(assay_plugin_kind kind)
{
	switch (kind) {
	case ASSAY_PLUGIN_INPUT:
		return "input";
	case ASSAY_PLUGIN_ANALYZER:
		return "analyzer";
	case ASSAY_PLUGIN_OUTPUT:
		return "output";
	}
	return "unknown";
}

static int command_plugins(cli *c, int argc, char **argv)
{
	static const struct option options[] = {
		{"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0}};
	size_t i;
	int code;

	optind = 1;
	opterr = 0;
	while ((code = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (code == OPT_HELP) {
			print_usage(stdout);
			return EXIT_PASS;
		}
		if (code != OPT_PLUGIN_PATH) {
			return usage_error("unknown option '%s' for plugins", argv[optind - 1]);
		}
		if (add_plugin_dir(c, optarg) != 0) {
			return EXIT_ERROR;
		}
	}
	if (load_plugins(c) != 0) {
		return fail_with_run_error(c);
	}

	printf("%-9s %-16s %-9s %-4s %s\n", "KIND", "NAME", "VERSION", "ABI", "FILE");
	for (i = 0; i < assay_run_plugin_count(c->run); i++) {
		assay_plugin_info info = assay_run_plugin_at(c->run, i);
		char abi[16];

		snprintf(abi, sizeof(abi), "%u.%u", info.descriptor->abi_major,
			 info.descriptor->abi_minor);
		printf("%-9s %-16s %-9s %-4s %s\n", kind_word(info.descriptor->kind),
		       info.descriptor->name, info.descriptor->version, abi, info.path);
	}
	return EXIT_PASS;
}

/* `assay policy check FILE`: load a policy and run its hooks on an empty report. */
static int command_policy(cli *c, int argc, char **argv)
{
	static const struct option options[] = {
		{"policy-max-instructions", required_argument, NULL, OPT_POLICY_MAX_INSTRUCTIONS},
		{"policy-max-memory", required_argument, NULL, OPT_POLICY_MAX_MEMORY},
		{"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0}};
	const char *description = NULL;
	const char *path;
	int code;

	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		return usage_error("%s", "expected 'assay policy check FILE'");
	}
	optind = 2;
	opterr = 0;
	while ((code = getopt_long(argc, argv, ":vq", options, NULL)) != -1) {
		if (code == OPT_HELP) {
			print_usage(stdout);
			return EXIT_PASS;
		}
		if (code == '?') {
			return usage_error("unknown option '%s' for policy check", argv[optind - 1]);
		}
		if (code == ':') {
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		}
		if (code == OPT_PLUGIN_PATH) {
			if (add_plugin_dir(c, optarg) != 0) {
				return EXIT_ERROR;
			}
			continue;
		}
		if (parse_run_option(c, code, optarg) != 0) {
			return EXIT_ERROR;
		}
	}
	if (optind + 1 != argc) {
		return usage_error("%s", optind < argc ? "policy check takes one FILE"
						       : "missing FILE: assay policy check FILE");
	}
	path = argv[optind];
	apply_verbosity(c);
	/* The analyzers check the tables a policy sets for them, so they are loaded too. */
	if (load_plugins(c) != 0 || assay_run_set_option(c->run, "policy", path) != 0 ||
	    assay_run_check_policy(&description, c->run) != 0) {
		return fail_with_run_error(c);
	}
	printf("%s: policy OK (%s)\n", path, description);
	return EXIT_PASS;
}

int main(int argc, char **argv)
{
	cli c = {0};
	const char *command;
	int status;

	/*
	 * A reader that closes its pipe early (`assay run -o json | head`)
	 * must cause a write error with a message and exit status 2, not a
	 * silent death by SIGPIPE.
	 */
	signal(SIGPIPE, SIG_IGN);

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_ERROR;
	}
	command = argv[1];
	if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
	    strcmp(command, "help") == 0) {
		print_usage(stdout);
		return EXIT_PASS;
	}
	if (strcmp(command, "--version") == 0 || strcmp(command, "version") == 0) {
		printf("assay %s (plugin ABI %d.%d)\n", assay_version(), ASSAY_ABI_MAJOR,
		       ASSAY_ABI_MINOR);
		return EXIT_PASS;
	}

	c.exe = argv[0];
	c.run = assay_run_new();
	if (!c.run) {
		fprintf(stderr, "assay: error: out of memory\n");
		return EXIT_ERROR;
	}

	if (strcmp(command, "run") == 0) {
		status = command_run(&c, argc - 1, argv + 1);
	} else if (strcmp(command, "analyze") == 0) {
		status = command_analyze(&c, argc - 1, argv + 1);
	} else if (strcmp(command, "plugins") == 0) {
		status = command_plugins(&c, argc - 1, argv + 1);
	} else if (strcmp(command, "policy") == 0) {
		status = command_policy(&c, argc - 1, argv + 1);
	} else {
		status = usage_error("unknown command '%s'", command);
	}

	assay_run_free(c.run);
	free(c.plugin_dirs);
	return status;
}
