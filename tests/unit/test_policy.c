/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Lua policy bridge: hooks, types across the boundary, sandbox and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "internal.h"
#include "test_common.h"

/*
 * tests/data/json/trivy-app.json (image registry.example.com/shop/app:1.4.2)
 * contains eight vulnerabilities, CVE-2031-0001 (CRITICAL, libexample1,
 * fixed) to CVE-2031-0008 (UNKNOWN), a CRITICAL secret, a LOW
 * misconfiguration and a license finding: eleven findings.
 */

/* A folder for one test's policy files. */
static char policy_dir[PATH_MAX];

static int make_policy_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(policy_dir, sizeof(policy_dir), "%s/assay-policy-XXXXXX", tmp ? tmp : "/tmp");
	return mkdtemp(policy_dir) ? 0 : -1;
}

static int remove_policy_dir(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	snprintf(command, sizeof(command), "rm -rf '%s'", policy_dir);
	return system(command) == 0 ? 0 : -1;
}

/* Write `text` to NAME in the test's folder and return the path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[PATH_MAX + 64];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", policy_dir, name);
	file = fopen(path, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, strlen(text), file), strlen(text));
	fclose(file);
	return path;
}

/* A run with every built plugin, the app report read and `policy` set as its policy. */
static assay_run *run_with_policy(const char *policy)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	char report[PATH_MAX];
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_non_null(source);
	assay_run_set_log_level(run, ASSAY_LOG_ERROR);
	if (assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	snprintf(report, sizeof(report), "%s/tests/data/json/trivy-app.json", source);
	assert_int_equal(assay_run_add_input(run, "trivy", report), 0);
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	if (policy) {
		assert_int_equal(assay_run_set_option(run, "policy",
						      write_file("policy.lua", policy)),
				 0);
	}
	return run;
}

static void analyze_ok(assay_run *run)
{
	if (assay_run_analyze(run) != 0) {
		fail_msg("analyze failed: %s", assay_run_error(run));
	}
}

static void assert_error_has(assay_run *run, const char *expected)
{
	if (!strstr(assay_run_error(run), expected)) {
		fail_msg("error '%s' lacks '%s'", assay_run_error(run), expected);
	}
}

/* Analyze, expect ASSAY_EPOLICY and a message that contains `expected`. */
static void analyze_fails(assay_run *run, const char *expected)
{
	int err = assay_run_analyze(run);

	if (err != ASSAY_EPOLICY) {
		fail_msg("expected a policy error with '%s', got %d: %s", expected, err,
			 assay_run_error(run));
	}
	assert_error_has(run, expected);
}

static assay_finding *find_finding(assay_run *run, const char *id)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, id) == 0) {
			return f;
		}
	}
	fail_msg("finding %s not found", id);
	return NULL;
}

static const assay_check *find_check(assay_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < assay_run_check_count(run); i++) {
		const assay_check *check = assay_run_check_at(run, i);

		if (strcmp(check->name, name) == 0) {
			return check;
		}
	}
	return NULL;
}

/* ---- on_finding ---- */

static void on_finding_ignore_marks_finding(void **state)
{
	assay_run *run = run_with_policy(
		"function on_finding(f)\n"
		"  if f.id == 'CVE-2031-0002' then return 'ignore', 'fixed by the base image' end\n"
		"end\n");
	const assay_finding *f;

	(void)state;
	analyze_ok(run);
	f = find_finding(run, "CVE-2031-0002");
	assert_true(f->ignored);
	assert_string_equal(f->ignore_rule, "policy:on_finding");
	assert_string_equal(f->ignore_reason, "fixed by the base image");
	assert_non_null(strstr(f->ignore_source, "policy.lua"));
	assert_false(find_finding(run, "CVE-2031-0003")->ignored);
	assay_run_free(run);
}

static void on_finding_severity_keeps_original(void **state)
{
	assay_run *run = run_with_policy(
		"function on_finding(f)\n"
		"  if f.id == 'CVE-2031-0001' then return 'severity', 'low', 'not reachable' end\n"
		"end\n");
	const assay_finding *f;

	(void)state;
	analyze_ok(run);
	f = find_finding(run, "CVE-2031-0001");
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assert_int_equal(f->original_severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->severity_reason, "not reachable");
	/* The critical limit (0) now holds, since the only CRITICAL vulnerability became LOW. */
	assert_true(find_check(run, "threshold.critical")->passed);
	assay_run_free(run);
}

static void on_finding_bad_answers_fail(void **state)
{
	static const struct {
		const char *body;
		const char *expected;
	} cases[] = {
		{"return 'drop'", "on_finding returned 'drop' with 1 values"},
		{"return 42", "on_finding returned a number"},
		{"return 'ignore'", "on_finding returned 'ignore' with 1 values"},
		{"return 'ignore', 5", "without a reason string"},
		{"return 'ignore', ''", "with an empty reason"},
		{"return 'severity', 'SEVERE', 'x'", "with 'SEVERE'; expected CRITICAL"},
		{"return 'severity', 'HIGH'", "on_finding returned 'severity' with 2 values"},
		{"return 'ignore', 'a', 'b'", "on_finding returned 'ignore' with 3 values"},
		{"return nil, 'x'", "on_finding returned a nil"},
	};
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assay_run *run;

		snprintf(text, sizeof(text), "-- line 1\nfunction on_finding(f)\n  %s\nend\n",
			 cases[i].body);
		run = run_with_policy(text);
		analyze_fails(run, cases[i].expected);
		/* The position is the line where the hook is defined, and the finding is named. */
		assert_error_has(run, "policy.lua:2: on_finding");
		assert_error_has(run, "(in on_finding for finding CVE-2031-");
		assay_run_free(run);
	}
}

static void finding_fields_are_read_only(void **state)
{
	assay_run *run = run_with_policy("function on_finding(f)\n  f.severity = 'LOW'\nend\n");

	(void)state;
	analyze_fails(run, "policy.lua:2: finding fields are read-only");
	assay_run_free(run);
}

static void unknown_finding_field_fails(void **state)
{
	assay_run *run = run_with_policy("function on_finding(f)\n"
					 "  if f.pakage == 'x' then return end\n"
					 "end\n");

	(void)state;
	analyze_fails(run, "policy.lua:2: finding has no field 'pakage'");
	assay_run_free(run);
}

/* ---- Types across the boundary ---- */

/*
 * The verdict returns the name of every expectation that does not hold, so
 * a failure names the broken one.
 */
static void types_survive_the_boundary(void **state)
{
	assay_run *run = run_with_policy(
		"local bad = {}\n"
		"local function expect(ok, name) if not ok then bad[#bad + 1] = name end end\n"
		"function on_finding(f)\n"
		"  if f.id == 'CVE-2031-0003' then\n"
		"    expect(assay.is_list(f.fixed_versions), 'empty fixed_versions is a list')\n"
		"    expect(#f.fixed_versions == 0, 'empty fixed_versions has no items')\n"
		"    expect(f.fixed_version == assay.null, 'fixed_version without fix is null')\n"
		"    expect(f.start_line == assay.null, 'start_line unknown is null')\n"
		"    expect(f.known_exploited == assay.null, 'known_exploited unknown is null')\n"
		"    expect(f.epss == assay.null, 'epss unknown is null')\n"
		"    expect(tostring(assay.null) == 'assay.null', 'null prints as assay.null')\n"
		"    expect(f.ignored == false, 'ignored is a boolean')\n"
		"    expect(f.kind == 'vulnerability', 'kind is a string')\n"
		"    expect(f.severity == 'HIGH', 'severity is upper case')\n"
		"    expect(f.fix_state == 'not-fixed', 'fix_state name')\n"
		"    expect(f.ignore == assay.null, 'ignore of a kept finding is null')\n"
		"    expect(#f.fingerprint == 64, 'fingerprint is hex SHA-256')\n"
		"    expect(f.scanners[1] == 'trivy', 'scanners lists trivy')\n"
		"    expect(assay.is_list(f.cvss), 'cvss is a list')\n"
		"  end\n"
		"  if f.id == 'CVE-2031-0005' then\n"
		"    expect(f.fixed_version == '7.88.1-11, 8.0.1-1', 'fixed_version joins')\n"
		"    expect(#f.fixed_versions == 2, 'fixed_versions has both')\n"
		"  end\n"
		"  if f.kind == 'secret' then\n"
		"    expect(math.type(f.start_line) == 'integer', 'start_line is an integer')\n"
		"  end\n"
		"end\n"
		"function verdict(report)\n"
		"  local s = report.summary\n"
		"  expect(math.type(s.total_findings) == 'integer', 'counts are integers')\n"
		"  expect(s.total_findings == 11, 'total_findings')\n"
		"  expect(s.total_vulnerabilities == 8, 'total_vulnerabilities')\n"
		"  expect(s.severity_breakdown.HIGH == 2, 'severity_breakdown')\n"
		"  expect(s.by_kind.secret.total == 1, 'by_kind.secret')\n"
		"  expect(s.by_kind.license.total == 1, 'by_kind.license')\n"
		"  expect(s.by_image['registry.example.com/shop/app:1.4.2'].total == 11, 'by_image')\n"
		"  expect(#report.findings == 11, 'findings length')\n"
		"  local n = 0\n"
		"  for i, f in ipairs(report.findings) do n = n + 1 end\n"
		"  expect(n == 11, 'ipairs over findings')\n"
		"  expect(report.findings[1] == report.findings[1], 'one finding equals itself')\n"
		"  expect(report.findings[12] == nil, 'past the end is nil')\n"
		"  expect(report.images[1].name == 'registry.example.com/shop/app:1.4.2', 'image')\n"
		"  expect(report.images[1].repo_tags[1] == report.images[1].name, 'repo_tags')\n"
		"  expect(assay.is_list(report.checks), 'checks is a list')\n"
		"  expect(report.checks[1].name == 'threshold.critical', 'thresholds ran first')\n"
		"  expect(report.checks[1].limit == 0, 'check limit')\n"
		"  expect(report.passes_threshold == false, 'passes_threshold')\n"
		"  expect(not pcall(function() report.x = 1 end), 'report is read-only')\n"
		"  expect(not pcall(function() report.images[1] = 1 end), 'images are read-only')\n"
		"  expect(assay.is_list(assay.list()), 'assay.list marks a list')\n"
		"  expect(not assay.is_list({}), 'a plain table is not marked')\n"
		"  expect(assay.severity_rank('high') == 3, 'severity_rank')\n"
		"  return bad\n"
		"end\n");
	const assay_check *check;
	size_t i;

	(void)state;
	analyze_ok(run);
	for (i = 0; i < assay_run_check_count(run); i++) {
		check = assay_run_check_at(run, i);
		if (strncmp(check->name, "policy.verdict.", 15) == 0) {
			fail_msg("expectation failed: %s", check->message);
		}
	}
	check = find_check(run, "policy.verdict");
	assert_non_null(check);
	assert_true(check->passed);
	assay_run_free(run);
}

static void globals_convert_to_json(void **state)
{
	assay_run *run = run_with_policy(
		"ignore = { { id = 'CVE-1', reason = 'r' } }\n"
		"quantum_packages = { 'qiskit*' }\n"
		"custom = { n = 5, f = 1.5, none = assay.null, list = assay.list(), empty = {},\n"
		"  nested = { b = true, a = 'x' } }\n");
	assay_ctx ctx = {.run = run};
	const cJSON *value;
	const cJSON *item;
	char *printed;

	(void)state;
	analyze_ok(run);
	assert_non_null(strstr(assay_policy_path(&ctx), "policy.lua"));
	value = assay_policy_value(&ctx, "ignore");
	assert_true(cJSON_IsArray(value));
	item = cJSON_GetArrayItem(value, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(item, "id")->valuestring, "CVE-1");
	value = assay_policy_value(&ctx, "quantum_packages");
	assert_string_equal(cJSON_GetArrayItem(value, 0)->valuestring, "qiskit*");

	value = assay_policy_value(&ctx, "custom");
	printed = cJSON_PrintUnformatted(value);
	assert_non_null(printed);
	/* Keys are sorted; null stays null, empty tables and lists stay lists. */
	assert_string_equal(printed, "{\"empty\":[],\"f\":1.5,\"list\":[],\"n\":5,"
				     "\"nested\":{\"a\":\"x\",\"b\":true},\"none\":null}");
	cJSON_free(printed);
	assert_null(assay_policy_value(&ctx, "not_set"));
	assert_null(assay_policy_value(&ctx, "thresholds"));
	assay_run_free(run);
}

/* What the ignore and quantum analyzers read from the example policies. */
static void example_tables_reach_plugins(void **state)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	char path[PATH_MAX];
	assay_run *run = run_with_policy(NULL);
	assay_ctx ctx = {.run = run};
	const cJSON *rules;
	const cJSON *quantum;

	(void)state;
	snprintf(path, sizeof(path), "%s/examples/policies/ignore-with-expiry.lua", source);
	assert_int_equal(assay_run_set_option(run, "policy", path), 0);
	analyze_ok(run);
	rules = assay_policy_value(&ctx, "ignore");
	assert_int_equal(cJSON_GetArraySize(rules), 2);
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rules, 0), "expires")->valuestring,
		"2099-12-31");
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rules, 1), "owner")->valuestring,
		"platform-team@example.com");
	assert_int_equal(cJSON_GetArraySize(assay_policy_value(&ctx, "ignore_requires")), 3);
	assay_run_free(run);

	run = run_with_policy(NULL);
	ctx.run = run;
	snprintf(path, sizeof(path), "%s/examples/policies/quantum-strict.lua", source);
	assert_int_equal(assay_run_set_option(run, "policy", path), 0);
	assert_int_equal(assay_run_set_option(run, "threshold-high", "100"), 0);
	analyze_ok(run);
	quantum = cJSON_GetObjectItemCaseSensitive(assay_policy_value(&ctx, "quantum_packages"),
						   "extend");
	assert_int_equal(cJSON_GetArraySize(quantum), 2);
	assert_string_equal(cJSON_GetArrayItem(quantum, 0)->valuestring, "acme-qpu-client");
	assay_run_free(run);
}

static void unconvertible_global_fails(void **state)
{
	assay_run *run = run_with_policy("custom = { list = { 1, nil, 3 }, f = print }\n");
	assay_ctx ctx = {.run = run};

	(void)state;
	analyze_ok(run);
	assert_null(assay_policy_value(&ctx, "custom"));
	assert_int_equal(assay_run_error_code(run), ASSAY_EPOLICY);
	assert_non_null(strstr(assay_run_error(run), "policy.lua: custom."));
	assay_run_free(run);
}

static void bad_table_shapes_fail(void **state)
{
	static const struct {
		const char *policy;
		const char *expected;
	} cases[] = {
		{"ignore = 'CVE-1'", "ignore is a string; it must be a table"},
		{"ignore = { { id = 'CVE-1', owner = print } }", "ignore[1].owner: a function"},
		{"thresholds = { crit = 1 }", "thresholds: unknown key 'crit'"},
		{"thresholds = { high = -1 }", "thresholds.high must be a whole number"},
		{"thresholds = { high = 1.5 }", "thresholds.high must be a whole number"},
		{"thresholds = { secret = { hgh = 1 } }", "thresholds.secret: unknown key 'hgh'"},
		{"thresholds = { high = 1, vulnerability = { high = 2 } }", "set twice"},
		{"thresholds = 5", "thresholds is a number; it must be a table"},
		{"verdict = {}", "verdict is a table; define it as a function"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assay_run *run = run_with_policy(cases[i].policy);

		analyze_fails(run, cases[i].expected);
		assay_run_free(run);
	}
}

/* ---- Thresholds ---- */

static void thresholds_table_sets_limits(void **state)
{
	assay_run *run = run_with_policy("thresholds = { critical = 1, medium = 'none',\n"
					 "  secret = { critical = 0 } }\n");
	const assay_check *check;

	(void)state;
	analyze_ok(run);
	check = find_check(run, "threshold.critical");
	assert_int_equal(check->limit, 1);
	assert_true(check->passed);
	assert_null(find_check(run, "threshold.medium"));
	check = find_check(run, "threshold.secret.critical");
	assert_non_null(check);
	assert_false(check->passed);
	assay_run_free(run);
}

static void cli_option_beats_table(void **state)
{
	assay_run *run = run_with_policy("thresholds = { critical = 1, high = 1 }\n");

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold-critical", "7"), 0);
	analyze_ok(run);
	assert_int_equal(find_check(run, "threshold.critical")->limit, 7);
	assert_int_equal(find_check(run, "threshold.high")->limit, 1);
	assay_run_free(run);
}

static void thresholds_for_beats_cli(void **state)
{
	assay_run *run = run_with_policy(
		"thresholds = { high = 1 }\n"
		"function thresholds_for(summary, ctx)\n"
		"  assert(ctx.thresholds.critical == 7, 'ctx shows the CLI limit')\n"
		"  assert(ctx.thresholds.high == 1, 'ctx shows the table limit')\n"
		"  assert(ctx.thresholds.low == 50, 'ctx shows the default')\n"
		"  assert(ctx.images[1] == 'registry.example.com/shop/app:1.4.2')\n"
		"  assert(summary.total_vulnerabilities == 8)\n"
		"  return { critical = 3, secret = { high = 4 } }\n"
		"end\n");

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold-critical", "7"), 0);
	analyze_ok(run);
	assert_int_equal(find_check(run, "threshold.critical")->limit, 3);
	assert_int_equal(find_check(run, "threshold.high")->limit, 1);
	assert_int_equal(find_check(run, "threshold.secret.high")->limit, 4);
	assay_run_free(run);
}

static void thresholds_for_reads_branch(void **state)
{
	static const char policy[] = "function thresholds_for(summary, ctx)\n"
				     "  if ctx.branch == 'main' then return { high = 0 } end\n"
				     "end\n";
	assay_run *run;

	(void)state;
	unsetenv("GITHUB_HEAD_REF");
	setenv("GITHUB_REF_NAME", "main", 1);
	run = run_with_policy(policy);
	analyze_ok(run);
	assert_int_equal(find_check(run, "threshold.high")->limit, 0);
	assay_run_free(run);

	setenv("GITHUB_REF_NAME", "feature/x", 1);
	run = run_with_policy(policy);
	analyze_ok(run);
	assert_int_equal(find_check(run, "threshold.high")->limit, 5);
	assay_run_free(run);
	unsetenv("GITHUB_REF_NAME");
}

static void thresholds_for_bad_result_fails(void **state)
{
	assay_run *run = run_with_policy("\nfunction thresholds_for(s, ctx)\n"
					 "  return { critical = 'zero' }\nend\n");

	(void)state;
	analyze_fails(run, "policy.lua:2: thresholds_for().critical must be a whole number");
	assay_run_free(run);
	run = run_with_policy("function thresholds_for(s, ctx) return 5 end\n");
	analyze_fails(run, "thresholds_for returned 1 value(s) starting with a number");
	assay_run_free(run);
}

/* ---- verdict and recommend ---- */

static void verdict_messages_fail_gate(void **state)
{
	assay_run *run = run_with_policy(
		"function verdict(report)\n"
		"  return { 'first problem', 'second problem' }\n"
		"end\n");
	const assay_check *check;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold-critical", "10"), 0);
	analyze_ok(run);
	check = find_check(run, "policy.verdict.1");
	assert_non_null(check);
	assert_false(check->passed);
	assert_string_equal(check->message, "first problem");
	check = find_check(run, "policy.verdict.2");
	assert_non_null(check);
	assert_string_equal(check->message, "second problem");
	assert_null(find_check(run, "policy.verdict"));
	assert_false(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void empty_verdict_passes(void **state)
{
	assay_run *run = run_with_policy("function verdict(report) return {} end\n");
	const assay_check *check;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold-critical", "10"), 0);
	analyze_ok(run);
	check = find_check(run, "policy.verdict");
	assert_non_null(check);
	assert_true(check->passed);
	assert_true(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void verdict_wrong_types_fail(void **state)
{
	static const struct {
		const char *body;
		const char *expected;
	} cases[] = {
		{"return 'bad'", "verdict returned 1 value(s) starting with a string"},
		{"return nil", "verdict returned 1 value(s) starting with a nil"},
		{"local x = 1", "verdict returned nothing; expected a list"},
		{"return { 'a', 5 }", "verdict returned a number at position 2"},
		{"return { 'a', '' }", "verdict returned a string at position 2"},
		{"return { a = 'x' }", "verdict returned a table that is not a list"},
		{"return {}, {}", "verdict returned 2 value(s)"},
	};
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assay_run *run;

		snprintf(text, sizeof(text), "function verdict(report)\n  %s\nend\n", cases[i].body);
		run = run_with_policy(text);
		analyze_fails(run, cases[i].expected);
		assert_error_has(run, "policy.lua:1: verdict");
		assay_run_free(run);
	}
}

static void recommend_adds_recommendations(void **state)
{
	assay_run *run = run_with_policy(
		"function recommend(report)\n"
		"  return { { text = 'Pin the base image', priority = 'high', rationale = 'r' },\n"
		"           { category = 'Ops', text = 'Rotate keys' } }\n"
		"end\n");
	assay_ctx ctx = {.run = run};
	const assay_recommendation *rec;
	size_t count;

	(void)state;
	analyze_ok(run);
	count = assay_recommendation_count(&ctx);
	assert_true(count >= 2);
	rec = assay_recommendation_at(&ctx, count - 2);
	assert_string_equal(rec->text, "Pin the base image");
	assert_string_equal(rec->priority, "HIGH");
	assert_string_equal(rec->category, "Policy");
	assert_string_equal(rec->rationale, "r");
	rec = assay_recommendation_at(&ctx, count - 1);
	assert_string_equal(rec->category, "Ops");
	assert_string_equal(rec->priority, "MEDIUM");
	assay_run_free(run);
}

static void recommend_bad_items_fail(void **state)
{
	static const struct {
		const char *body;
		const char *expected;
	} cases[] = {
		{"return { { text = 'x', priority = 'urgent' } }", "unknown priority"},
		{"return { { txt = 'x' } }", "unknown key 'txt'"},
		{"return { { priority = 'LOW' } }", "without text"},
		{"return { { text = 5 } }", "whose text is a number"},
		{"return { 'x' }", "recommend returned a string at position 1"},
		{"return 'x'", "recommend returned 1 value(s) starting with a string"},
	};
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assay_run *run;

		snprintf(text, sizeof(text), "function recommend(report)\n  %s\nend\n",
			 cases[i].body);
		run = run_with_policy(text);
		analyze_fails(run, cases[i].expected);
		assert_error_has(run, "policy.lua:1: recommend");
		assay_run_free(run);
	}
}

/* ---- Errors ---- */

static void runtime_error_names_file_and_line(void **state)
{
	assay_run *run = run_with_policy("function verdict(report)\n"
					 "  local x = nil\n"
					 "  error('boom')\n"
					 "end\n");

	(void)state;
	analyze_fails(run, "policy.lua:3: boom");
	assay_run_free(run);
}

static void syntax_error_names_file_and_line(void **state)
{
	assay_run *run = run_with_policy("x = 1\nif then\n");

	(void)state;
	analyze_fails(run, "policy.lua:2:");
	assay_run_free(run);
}

static void binary_policy_file_fails(void **state)
{
	assay_run *run = run_with_policy("\x1bLua\x54\x00 rest of a binary chunk");

	(void)state;
	analyze_fails(run, "policy.lua: attempt to load a binary chunk");
	assay_run_free(run);
}

static void missing_policy_file_fails(void **state)
{
	assay_run *run = run_with_policy(NULL);

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy", "/nonexistent/policy.lua"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_ENOTFOUND);
	assert_non_null(strstr(assay_run_error(run), "/nonexistent/policy.lua: policy file not found"));
	assay_run_free(run);
}

/* ---- The sandbox ---- */

static void sandbox_escapes_fail(void **state)
{
	static const struct {
		const char *code;
		const char *expected;
	} cases[] = {
		{"io.open('/etc/passwd')", "global 'io'"},
		{"os.execute('true')", "field 'execute'"},
		{"os.remove('x')", "field 'remove'"},
		{"os.rename('x', 'y')", "field 'rename'"},
		{"os.exit(0)", "field 'exit'"},
		{"package.loadlib('x', 'y')", "global 'package'"},
		{"string.dump(print)", "field 'dump'"},
		{"('').dump(print)", "field 'dump'"},
		{"load('\\27Lua')", "binary chunks are not allowed"},
		{"load('return 1', 'x', 'bt')", "binary chunks are not allowed"},
		{"debug.sethook()", "global 'debug'"},
		{"dofile('x')", "global 'dofile'"},
		{"loadfile('x')", "global 'loadfile'"},
		{"collectgarbage('stop')", "global 'collectgarbage'"},
		{"require('../x')", "invalid module name '../x'"},
		{"require('/etc/passwd')", "invalid module name"},
		{"require('socket.core')", "module 'socket.core' not found"},
	};
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assay_run *run;

		snprintf(text, sizeof(text), "-- first line\n%s\n", cases[i].code);
		run = run_with_policy(text);
		analyze_fails(run, cases[i].expected);
		assert_error_has(run, "policy.lua:2:");
		assay_run_free(run);
	}
}

static void load_of_text_still_works(void **state)
{
	assay_run *run = run_with_policy("local f = load('return 40 + 2')\n"
					 "assert(f() == 42)\n"
					 "x = load('return 1', 'chunk', 't')()\n");

	(void)state;
	analyze_ok(run);
	assay_run_free(run);
}

static void require_loads_module_once(void **state)
{
	assay_run *run;
	char folder[PATH_MAX + 8];

	(void)state;
	snprintf(folder, sizeof(folder), "%s/lib", policy_dir);
	assert_int_equal(mkdir(folder, 0700), 0);
	write_file("lib/rules.lua", "loads = (loads or 0) + 1\n"
				    "return { limit = function() return 2 end }\n");
	run = run_with_policy("local a = require('lib.rules')\n"
			      "local b = require('lib.rules')\n"
			      "assert(a == b and loads == 1, 'module ran once')\n"
			      "thresholds = { high = a.limit() }\n");
	analyze_ok(run);
	assert_int_equal(find_check(run, "threshold.high")->limit, 2);
	assay_run_free(run);
}

static void module_error_names_module_file(void **state)
{
	assay_run *run;

	(void)state;
	write_file("broken.lua", "local x = 1\nerror('module failed')\n");
	run = run_with_policy("require('broken')\n");
	analyze_fails(run, "broken.lua:2: module failed");
	assay_run_free(run);
}

/* ---- Limits ---- */

static void endless_loop_is_stopped(void **state)
{
	assay_run *run = run_with_policy("function verdict(report)\n"
					 "  local n = 0\n"
					 "  while true do n = n + 1 end\n"
					 "end\n");

	(void)state;
	analyze_fails(run, "policy.lua:3: instruction limit of 200000000 exceeded");
	assay_run_free(run);
}

static void pcall_cannot_hide_the_limit(void **state)
{
	assay_run *run = run_with_policy("function verdict(report)\n"
					 "  while true do\n"
					 "    pcall(function() while true do end end)\n"
					 "  end\n"
					 "end\n");

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy-max-instructions", "100000"), 0);
	analyze_fails(run, "instruction limit of 100000 exceeded");
	assay_run_free(run);
}

static void memory_bomb_is_stopped(void **state)
{
	assay_run *run = run_with_policy("local t = {}\n"
					 "function verdict(report)\n"
					 "  while true do t[#t + 1] = string.rep('x', 65536) .. #t end\n"
					 "end\n");

	(void)state;
	analyze_fails(run, "policy.lua:3: memory limit of 64 MiB exceeded");
	assay_run_free(run);
}

static void memory_limit_option_applies(void **state)
{
	assay_run *run = run_with_policy("local s = string.rep('x', 3 * 1024 * 1024)\n");

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy-max-memory", "2"), 0);
	analyze_fails(run, "policy.lua:1: memory limit of 2 MiB exceeded");
	assay_run_free(run);
}

static void invalid_limit_option_fails(void **state)
{
	assay_run *run = run_with_policy("x = 1\n");

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy-max-instructions", "0"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
	assert_non_null(strstr(assay_run_error(run), "invalid --policy-max-instructions value '0'"));
	assay_run_free(run);
}

/* ---- assay_run_check_policy ---- */

static void check_policy_lists_hooks(void **state)
{
	assay_run *run = assay_run_new();
	const char *description = NULL;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy",
					      write_file("check.lua",
							 "ignore = {}\n"
							 "function verdict(r) return {} end\n"
							 "function on_finding(f) end\n")),
			 0);
	if (assay_run_check_policy(&description, run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	assert_string_equal(description, "hooks: on_finding, verdict; tables: ignore");
	assay_run_free(run);
}

static void check_policy_runs_hooks(void **state)
{
	assay_run *run = assay_run_new();
	const char *description = NULL;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "policy",
					      write_file("check.lua",
							 "function recommend(r)\n"
							 "  return { { text = r.images[1].name } }\n"
							 "end\n")),
			 0);
	assert_int_equal(assay_run_check_policy(&description, run), ASSAY_EPOLICY);
	assert_null(description);
	assert_non_null(strstr(assay_run_error(run), "check.lua:2: attempt to index a nil value"));
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(on_finding_ignore_marks_finding, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(on_finding_severity_keeps_original, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(on_finding_bad_answers_fail, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(finding_fields_are_read_only, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(unknown_finding_field_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(types_survive_the_boundary, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(globals_convert_to_json, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(example_tables_reach_plugins, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(unconvertible_global_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(bad_table_shapes_fail, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(thresholds_table_sets_limits, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(cli_option_beats_table, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(thresholds_for_beats_cli, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(thresholds_for_reads_branch, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(thresholds_for_bad_result_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(verdict_messages_fail_gate, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(empty_verdict_passes, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(verdict_wrong_types_fail, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(recommend_adds_recommendations, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(recommend_bad_items_fail, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(runtime_error_names_file_and_line, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(syntax_error_names_file_and_line, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(binary_policy_file_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(missing_policy_file_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(sandbox_escapes_fail, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(load_of_text_still_works, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(require_loads_module_once, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(module_error_names_module_file, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(endless_loop_is_stopped, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(pcall_cannot_hide_the_limit, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(memory_bomb_is_stopped, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(memory_limit_option_applies, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(invalid_limit_option_fails, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(check_policy_lists_hooks, make_policy_dir,
						remove_policy_dir),
		cmocka_unit_test_setup_teardown(check_policy_runs_hooks, make_policy_dir,
						remove_policy_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
