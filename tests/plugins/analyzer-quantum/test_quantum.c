/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the quantum analyzer: name matching, tags, credentials and the score arithmetic. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "quantum.c"

#define QPU "registry.example.com/lab/qpu-runner:3.1"
#define BRAKET "registry.example.com/lab/braket-jobs:1.0"
#define AZURE "registry.example.com/lab/azure-notebook:0.9"

/* ---- Names and patterns ---- */

static void normalize_follows_python(void **state)
{
	static const char *const cases[][2] = {
	    {"Qiskit_IBM.Runtime", "qiskit-ibm-runtime"},
	    {"PennyLane", "pennylane"},
	    {"a--b__c..d", "a-b-c-d"},
	    {"amazon-braket-sdk", "amazon-braket-sdk"},
	    {"_x_", "-x-"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *name = normalize_name(cases[i][0]);

		assert_string_equal(name, cases[i][1]);
		free(name);
	}
}

static bool default_match(const char *package)
{
	quantum_state state = {0};
	char *name = normalize_name(package);
	bool matched;

	assert_int_equal(add_defaults(&state), 0);
	matched = matches_any(&state, name);
	free(name);
	state_dispose(&state);
	return matched;
}

static void default_list_globs_and_names(void **state)
{
	static const char *const quantum[] = {
	    "qiskit",
	    "qiskit-terra",
	    "Qiskit_IBM_Runtime",
	    "qiskit.aer",
	    "PennyLane",
	    "pennylane-lightning",
	    "cirq-core",
	    "CIRQ-GOOGLE",
	    "amazon-braket-sdk",
	    "amazon_braket_schemas",
	    "pyquil",
	    "pytket",
	    "pytket-quantinuum",
	    "qsharp",
	    "azure-quantum",
	    "Azure.Quantum",
	    "strawberryfields",
	    "dwave-ocean-sdk",
	};
	static const char *const other[] = {
	    "numpy",	 "requests",   "pyquil-extras",	   "qsharp-widgets",
	    "my-qiskit", "azure-core", "amazon-sagemaker", "strawberry",
	    "",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(quantum) / sizeof(quantum[0]); i++) {
		if (!default_match(quantum[i])) {
			fail_msg("'%s' is not matched", quantum[i]);
		}
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		if (default_match(other[i])) {
			fail_msg("'%s' is matched", other[i]);
		}
	}
}

/* ---- Runs ---- */

/* Half of PATH_MAX leaves room for the file names appended to it. */
static char temp_dir[PATH_MAX / 2];

static int make_temp_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(temp_dir, sizeof(temp_dir), "%s/assay-quantum-XXXXXX", tmp != NULL ? tmp : "/tmp");
	return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	snprintf(command, sizeof(command), "rm -rf '%s'", temp_dir);
	return system(command) == 0 ? 0 : -1;
}

static void load_plugin(assay_run *run, const char *file)
{
	const char *dir = getenv("ASSAY_PLUGIN_DIR");
	char path[PATH_MAX];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (assay_run_load_plugin(run, path) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static const char *data_path(char *out, size_t size, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source);
	snprintf(out, size, "%s/tests/data/%s", source, name);
	return out;
}

/* A run of the reports named (NULL-terminated, under tests/data) with the ignore and quantum
 * analyzers. */
static assay_run *new_run(const char *const *reports, const char *policy)
{
	assay_run *run = assay_run_new();
	char path[PATH_MAX];
	size_t i;

	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "analyzer-ignore.so");
	load_plugin(run, "analyzer-quantum.so");
	for (i = 0; reports[i] != NULL; i++) {
		assert_int_equal(
		    assay_run_add_input(run, "trivy", data_path(path, sizeof(path), reports[i])),
		    0);
	}
	if (policy != NULL) {
		FILE *file;

		snprintf(path, sizeof(path), "%s/policy.lua", temp_dir);
		file = fopen(path, "wb");
		assert_non_null(file);
		assert_int_equal(fputs(policy, file) >= 0, 1);
		fclose(file);
		assert_int_equal(assay_run_set_option(run, "policy", path), 0);
	}
	return run;
}

static void analyze(assay_run *run)
{
	if (assay_run_read_inputs(run) != 0 || assay_run_analyze(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static const cJSON *quantum_section(assay_run *run)
{
	assay_ctx ctx = {.run = run};
	const cJSON *value = assay_section_get(&ctx, "quantum");

	assert_non_null(value);
	return value;
}

static const cJSON *member(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (item == NULL) {
		fail_msg("no key '%s'", key);
	}
	return item;
}

static int number(const cJSON *object, const char *key)
{
	const cJSON *item = member(object, key);

	assert_true(cJSON_IsNumber(item));
	return item->valueint;
}

static const char *string(const cJSON *object, const char *key)
{
	const cJSON *item = member(object, key);

	assert_true(cJSON_IsString(item));
	return item->valuestring;
}

/* The component entry of (image, name); fails the test when absent. */
static const cJSON *component_of(assay_run *run, const char *image, const char *name)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, member(quantum_section(run), "components"))
	{
		if (strcmp(string(item, "image"), image) == 0 &&
		    strcmp(string(item, "component"), name) == 0) {
			return item;
		}
	}
	fail_msg("no component %s in %s", name, image);
	return NULL;
}

static const cJSON *image_of(assay_run *run, const char *image)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, member(quantum_section(run), "images"))
	{
		if (strcmp(string(item, "image"), image) == 0) {
			return item;
		}
	}
	fail_msg("no image %s", image);
	return NULL;
}

static const assay_finding *finding(assay_run *run, const char *id, const char *image)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, id) == 0 && (image == NULL || strcmp(f->image, image) == 0)) {
			return f;
		}
	}
	fail_msg("no finding %s", id);
	return NULL;
}

static bool tagged(const assay_finding *f, const char *tag)
{
	return assay_strlist_has(&f->tags, tag);
}

static const char *const lab_reports[] = {"quantum/trivy-qpu-runner.json",
					  "quantum/trivy-braket-jobs.json",
					  "quantum/trivy-azure-notebook.json", NULL};

static assay_run *analyzed_lab_run(void)
{
	assay_run *run = new_run(lab_reports, NULL);
	char path[PATH_MAX];

	/* The ignore file accepts CVE-2033-0007 (cirq-core, HIGH). */
	assert_int_equal(
	    assay_run_set_option(run, "ignore-file",
				 data_path(path, sizeof(path), "quantum/qpu-runner.trivyignore")),
	    0);
	analyze(run);
	return run;
}

static void tags_quantum_packages(void **state)
{
	static const char *const quantum_ids[] = {
	    "CVE-2033-0001", "CVE-2033-0002", "CVE-2033-0003", "CVE-2033-0004", "CVE-2033-0005",
	    "CVE-2033-0006", "CVE-2033-0007", "CVE-2033-0008", "CVE-2033-0010"};
	assay_run *run = analyzed_lab_run();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(quantum_ids) / sizeof(quantum_ids[0]); i++) {
		if (!tagged(finding(run, quantum_ids[i], NULL), "quantum")) {
			fail_msg("%s is not tagged quantum", quantum_ids[i]);
		}
	}
	assert_false(tagged(finding(run, "CVE-2033-0009", NULL), "quantum"));
	assert_false(tagged(finding(run, "CVE-2033-0011", NULL), "quantum"));
	assay_run_free(run);
}

static void tags_quantum_credentials(void **state)
{
	assay_run *run = analyzed_lab_run();

	(void)state;
	/* Named IBM Quantum by its category and title. */
	assert_true(tagged(finding(run, "qiskit-ibm-token", QPU), "quantum-credential"));
	/* An AWS key in an image that has amazon-braket packages. */
	assert_true(tagged(finding(run, "aws-access-key-id", BRAKET), "quantum-credential"));
	/* An AWS key where no amazon-braket package is found is an ordinary secret. */
	assert_false(tagged(finding(run, "aws-access-key-id", AZURE), "quantum-credential"));
	assert_true(
	    tagged(finding(run, "azure-quantum-connection-string", AZURE), "quantum-credential"));
	assert_false(tagged(finding(run, "github-pat", QPU), "quantum-credential"));
	assay_run_free(run);
}

static void assert_component(assay_run *run, const char *image, const char *name, int findings,
			     int ignored, int credentials, int score)
{
	const cJSON *c = component_of(run, image, name);

	assert_int_equal(number(c, "findings"), findings);
	assert_int_equal(number(c, "ignored"), ignored);
	assert_int_equal(number(c, "credentials"), credentials);
	assert_int_equal(number(c, "score"), score);
}

/*
 * Weights: CRITICAL 25, HIGH 10, MEDIUM 4, LOW 1, UNKNOWN 2, credential
 * 50; score = 100 - min(100, sum). qpu-runner has one credential (the IBM
 * Quantum token), so each of its components loses 50 more.
 */
static void scores_follow_formula(void **state)
{
	assay_run *run = analyzed_lab_run();
	const cJSON *result;
	const cJSON *cirq;

	(void)state;
	/* qiskit-terra: HIGH + MEDIUM = 14, + 50 = 64 -> 36 */
	assert_component(run, QPU, "qiskit-terra", 2, 0, 1, 36);
	/* Qiskit_IBM_Runtime: CRITICAL = 25, + 50 = 75 -> 25 */
	assert_component(run, QPU, "qiskit-ibm-runtime", 1, 0, 1, 25);
	/* PennyLane.Lightning: LOW = 1, + 50 -> 49 */
	assert_component(run, QPU, "pennylane-lightning", 1, 0, 1, 49);
	/* cirq-core: MEDIUM + UNKNOWN = 6 (the ignored HIGH does not count), + 50 -> 44 */
	assert_component(run, QPU, "cirq-core", 2, 1, 1, 44);
	/* amazon-braket-sdk: LOW = 1, + 50 -> 49 */
	assert_component(run, QPU, "amazon-braket-sdk", 1, 0, 1, 49);
	/* braket-jobs: MEDIUM = 4 and its AWS key 50 -> 46 */
	assert_component(run, BRAKET, "amazon-braket-schemas", 1, 0, 1, 46);

	cirq = member(component_of(run, QPU, "cirq-core"), "by_severity");
	assert_int_equal(number(cirq, "HIGH"), 0);
	assert_int_equal(number(cirq, "MEDIUM"), 1);
	assert_int_equal(number(cirq, "UNKNOWN"), 1);

	/* Images: 14 + 25 + 1 + 6 + 1 = 47, + 50 = 97 -> 3; braket-jobs 46; azure-notebook 100
	 * - 50. */
	assert_int_equal(number(image_of(run, QPU), "score"), 3);
	assert_int_equal(number(image_of(run, QPU), "components"), 5);
	assert_int_equal(number(image_of(run, BRAKET), "score"), 46);
	assert_int_equal(number(image_of(run, AZURE), "score"), 50);
	assert_int_equal(number(image_of(run, AZURE), "components"), 0);
	assert_int_equal(number(image_of(run, AZURE), "credentials"), 1);

	result = quantum_section(run);
	assert_int_equal(number(result, "score"), 3);
	assert_int_equal(cJSON_GetArraySize(member(result, "components")), 6);
	assert_int_equal(cJSON_GetArraySize(member(result, "packages_matched")), 6);
	assert_string_equal(cJSON_GetArrayItem(member(result, "packages_matched"), 0)->valuestring,
			    "amazon-braket-schemas");
	assert_non_null(strstr(string(result, "formula"), "25*CRITICAL"));
	assert_int_equal(number(member(result, "weights"), "credential"), 50);
	assay_run_free(run);
}

/* Heavy findings bring a score to 0, never below. */
static void score_floor_is_zero(void **state)
{
	assert_int_equal(score_of(97), 3);
	assert_int_equal(score_of(100), 0);
	assert_int_equal(score_of(240), 0);
	assert_int_equal(score_of(0), 100);
	(void)state;
}

static void no_quantum_packages_reported(void **state)
{
	static const char *const reports[] = {"json/trivy-app.json", NULL};
	assay_run *run = new_run(reports, NULL);
	const cJSON *result;
	size_t i;

	(void)state;
	analyze(run);
	result = quantum_section(run);
	assert_true(cJSON_IsNull(member(result, "score")));
	assert_string_equal(string(result, "message"), "no quantum packages found");
	assert_int_equal(cJSON_GetArraySize(member(result, "components")), 0);
	assert_int_equal(cJSON_GetArraySize(member(result, "images")), 0);
	assert_int_equal(cJSON_GetArraySize(member(result, "packages_matched")), 0);
	for (i = 0; i < assay_run_finding_count(run); i++) {
		assert_int_equal(assay_run_finding_at(run, i)->tags.count, 0);
	}
	assay_run_free(run);
}

static void policy_list_replaces_defaults(void **state)
{
	assay_run *run = new_run(lab_reports, "quantum_packages = {'CIRQ*', 'NumPy'}\n");
	const cJSON *matched;

	(void)state;
	analyze(run);
	matched = member(quantum_section(run), "packages_matched");
	assert_int_equal(cJSON_GetArraySize(matched), 2);
	assert_string_equal(cJSON_GetArrayItem(matched, 0)->valuestring, "cirq-core");
	assert_string_equal(cJSON_GetArrayItem(matched, 1)->valuestring, "numpy");
	assert_true(tagged(finding(run, "CVE-2033-0009", NULL), "quantum"));
	assert_false(tagged(finding(run, "CVE-2033-0001", NULL), "quantum"));
	assay_run_free(run);
}

static void policy_extend_adds_to_defaults(void **state)
{
	assay_run *run = new_run(lab_reports, "quantum_packages = {extend = {'numpy'}}\n");

	(void)state;
	analyze(run);
	assert_int_equal(cJSON_GetArraySize(member(quantum_section(run), "packages_matched")), 7);
	assert_true(tagged(finding(run, "CVE-2033-0009", NULL), "quantum"));
	assert_true(tagged(finding(run, "CVE-2033-0001", NULL), "quantum"));
	assay_run_free(run);
}

static void policy_errors(void **state)
{
	static const struct {
		const char *lua;
		const char *message;
	} cases[] = {
	    {"quantum_packages = {'qiskit*', 7}\n",
	     "quantum_packages[2] must be a package name or glob"},
	    {"quantum_packages = {extend = 'numpy'}\n",
	     "quantum_packages.extend must be a list of package names or globs"},
	    {"quantum_packages = {replace = {'x'}}\n",
	     "quantum_packages has an unknown key 'replace'"},
	    {"quantum_packages = {''}\n", "quantum_packages[1] must be a package name or glob"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assay_run *run = new_run(lab_reports, cases[i].lua);

		assert_int_equal(assay_run_read_inputs(run), 0);
		assert_int_equal(assay_run_analyze(run), ASSAY_EPOLICY);
		if (strstr(assay_run_error(run), cases[i].message) == NULL) {
			fail_msg("error '%s' lacks '%s'", assay_run_error(run), cases[i].message);
		}
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(normalize_follows_python),
	    cmocka_unit_test(default_list_globs_and_names),
	    cmocka_unit_test(tags_quantum_packages),
	    cmocka_unit_test(tags_quantum_credentials),
	    cmocka_unit_test(scores_follow_formula),
	    cmocka_unit_test(score_floor_is_zero),
	    cmocka_unit_test(no_quantum_packages_reported),
	    cmocka_unit_test(policy_list_replaces_defaults),
	    cmocka_unit_test(policy_extend_adds_to_defaults),
	    cmocka_unit_test(policy_errors),
	};

	return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
