#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Prometheus output as promtool reads it: valid exposition format, no
# sample timestamps, no CVE ids or package names as labels, a hostile image
# name escaped, counts that match the report; and the example alert rules
# with their unit tests.
. "$(dirname "$0")/lib.sh"

PARSE="$ASSAY_SOURCE_DIR/tests/tools/parse_prometheus.py"
FIXTURE_PLUGINS="$ASSAY_BUILD_DIR/tests/fixture-plugins"
HOSTILE="$DATA/trivy/hostile-outputs.json"
APP="$DATA/json/trivy-app.json"
WORKER="$DATA/json/trivy-worker.json"
RULES="$ASSAY_SOURCE_DIR/examples/prometheus/assay-alerts.yml"
RULE_TESTS="$DATA/prometheus/assay-alerts.test.yml"

if ! command -v promtool >/dev/null 2>&1; then
	echo "SKIP: promtool is not installed (apt-get install prometheus)" >&2
	exit 77
fi

# check_metrics FILE: promtool accepts the file, lints included, and every
# sample parses strictly into FILE.samples (one JSON object per line).
check_metrics() {
	if ! promtool check metrics <"$1" >"$WORK/promtool.out" 2>&1; then
		fail "promtool check metrics rejects $1: $(cat "$WORK/promtool.out")"
	fi
	if ! python3 "$PARSE" "$1" >"$1.samples"; then
		fail "$1 does not parse as the text format"
	fi
	if [ "$(jq -s '[.[] | select(.timestamp != null)] | length' "$1.samples")" != 0 ]; then
		fail "$1 has samples with timestamps"
	fi
	if [ "$(jq -s '[.[] | .labels[] | select(test("^(CVE|GHSA)-"; "i"))] | length' "$1.samples")" != 0 ]; then
		fail "$1 has a CVE or GHSA id as a label value"
	fi
}

# sample FILE JQ_FILTER [JQ_ARGS...]: the sum of the values of the samples the filter selects.
sample() {
	local file=$1 filter=$2
	shift 2
	jq -s "$@" "[.[] | select($filter) | .value] | add // \"none\"" "$file.samples"
}

# vulnerabilities REPORT SEVERITY [IGNORED_ID]: vulnerabilities of one severity in a Trivy report.
vulnerabilities() {
	jq --arg s "$2" --arg skip "${3:-}" \
		'[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s and .VulnerabilityID != $skip)] | length' "$1"
}


# run_checked ARGS...: run_assay, failing the test when a sanitizer reported
# an error, because its exit status 1 reads like a failed gate.
run_checked() {
	run_assay "$@"
	if grep -q 'Sanitizer' "$WORK/stderr"; then
		fail "a sanitizer reported an error in: assay $*: $(grep -m1 'Sanitizer' "$WORK/stderr")"
	fi
}
# --- The hostile report, ignore rules that expire, a quantum section ---
soon=$(date -u -d '+3 days' +%F)
later=$(date -u -d '+20 days' +%F)
cat >"$WORK/trivyignore" <<EOF
CVE-2031-1007 exp:$soon
CVE-2031-1006 exp:$later
CVE-2031-1005 exp:2001-01-01
CVE-2099-0001 exp:$soon
CVE-2031-1004
EOF
# The quantum analyzer's shape; the fixture analyzer runs last, so this replaces its section.
cat >"$WORK/quantum.json" <<'EOF'
{"components": [{"image": "other-image", "component": "qiskit", "score": 4.25},
                {"image": null, "component": "cirq", "score": 100}],
 "images": [{"image": "other-image", "score": 10}], "score": 10}
EOF
before=$(date +%s)
run_checked run -i "trivy:$HOSTILE" -o "prometheus:$WORK/hostile.prom" --ignore-file "$WORK/trivyignore" \
	--plugin-path "$FIXTURE_PLUGINS" --option "fixture-section=quantum=$WORK/quantum.json" \
	--option 'prometheus-label=pipeline=main "nightly"'
after=$(date +%s)
assert_eq 1 "$STATUS" "exit status of the hostile report ($(cat "$WORK/stderr"))"
check_metrics "$WORK/hostile.prom"
F="$WORK/hostile.prom"

# Without the ignore analyzer (a build of the core and outputs only) nothing is ignored.
ignored='["CVE-2031-1004", "CVE-2031-1006", "CVE-2031-1007"]'
if [ ! -e "$ASSAY_PLUGIN_DIR/analyzer-ignore.so" ]; then
	echo "note: analyzer-ignore is not built; the ignore rule metrics are not checked" >&2
	ignored='[]'
fi

image=$(jq -r '.ArtifactName' "$HOSTILE")
assert_eq 1 "$(jq -s --arg i "$image" '[.[] | select(.name == "assay_gate_passed" and .labels.image == $i)] | length' "$F.samples")" \
	"assay_gate_passed series of the hostile image name, read back unescaped"
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	expected=$(jq --arg s "$severity" --argjson ignored "$ignored" \
		'[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s and (.VulnerabilityID | IN($ignored[]) | not))] | length' "$HOSTILE")
	lower=$(echo "$severity" | tr 'A-Z' 'a-z')
	assert_eq "$expected" \
		"$(sample "$F" '.name == "assay_findings" and .labels.image == $i and .labels.severity == $s and .labels.kind == "vulnerability"' \
			--arg i "$image" --arg s "$lower")" \
		"assay_findings of severity $severity"
done
assert_eq "$(jq '[.Results[]?.Secrets // [] | .[]] | length' "$HOSTILE")" \
	"$(sample "$F" '.name == "assay_findings" and .labels.kind == "secret"')" "assay_findings of kind secret"
assert_eq "$(jq length <<<"$ignored")" "$(sample "$F" '.name == "assay_findings_ignored" and .labels.kind == "vulnerability"')" \
	"assay_findings_ignored of the vulnerabilities that unexpired rules ignore"
assert_eq 0 "$(sample "$F" '.name == "assay_gate_passed"')" "assay_gate_passed of an image over the critical limit"
assert_eq 0 "$(sample "$F" '.name == "assay_run_gate_passed"')" "assay_run_gate_passed"
assert_eq 0 "$(sample "$F" '.name == "assay_threshold_limit" and .labels.severity == "critical" and .labels.kind == "vulnerability"')" \
	"assay_threshold_limit of CRITICAL vulnerabilities (the default 0)"
# Rules: two expire in 3 days (one matches nothing), one in 20, one expired, one never.
if [ "$ignored" != "[]" ]; then
	assert_eq 2 "$(sample "$F" '.name == "assay_ignore_rules_expiring" and .labels.within_days == "7"')" \
		"ignore rules expiring within 7 days"
	assert_eq 3 "$(sample "$F" '.name == "assay_ignore_rules_expiring" and .labels.within_days == "30"')" \
		"ignore rules expiring within 30 days"
	assert_eq 1 "$(sample "$F" '.name == "assay_ignore_rules_expired"')" "ignore rules already expired"
	assert_eq "$(date -u -d "$soon" +%s)" "$(sample "$F" '.name == "assay_ignore_rules_next_expiry_timestamp_seconds"')" \
		"next expiry: 00:00 UTC of the earliest date"
fi
assert_eq 4.25 "$(sample "$F" '.name == "assay_quantum_security_score" and .labels.image == "other-image" and .labels.component == "qiskit"')" \
	"quantum score of a component"
assert_eq 100 "$(sample "$F" '.name == "assay_quantum_security_score" and .labels.image == "" and .labels.component == "cirq"')" \
	"quantum score of a component of findings without an image"
assert_eq 10 "$(sample "$F" '.name == "assay_quantum_image_security_score" and .labels.image == "other-image"')" \
	"quantum score of an image"
scanned=$(sample "$F" '.name == "assay_scan_timestamp_seconds"')
if [ "$scanned" = none ] || [ "$scanned" -lt "$before" ] || [ "$scanned" -gt "$after" ]; then
	fail "assay_scan_timestamp_seconds is $scanned, not between $before and $after"
fi
assert_eq 0 "$(jq -s '[.[] | select(.labels.pipeline != "main \"nightly\"")] | length' "$F.samples")" \
	"samples without the extra label pipeline, or with it misescaped"
packages=$(jq -c '[.Results[]?.Vulnerabilities // [] | .[] | .PkgName]' "$HOSTILE")
assert_eq 0 "$(jq -s --argjson p "$packages" '[.[] | .labels[] | select(IN($p[]))] | length' "$F.samples")" \
	"package names used as label values"
if ! grep -q 'image="registry.example.com/evil\\"quote\\\\back\\nslash' "$F"; then
	fail "the image name is not escaped as the text format wants (\\\", \\\\ and \\n)"
fi

# --- Two images from the project's reports: per-image counts and gates ---
run_checked run -i "trivy:$APP" -i "trivy:$WORKER" -o "prometheus:$WORK/two.prom"
assert_eq 1 "$STATUS" "exit status of two images with a CRITICAL over the default limit"
check_metrics "$WORK/two.prom"
for report in "$APP" "$WORKER"; do
	name=$(jq -r '.ArtifactName' "$report")
	for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
		lower=$(echo "$severity" | tr 'A-Z' 'a-z')
		assert_eq "$(vulnerabilities "$report" "$severity")" \
			"$(sample "$WORK/two.prom" '.name == "assay_findings" and .labels.image == $i and .labels.severity == $s and .labels.kind == "vulnerability"' \
				--arg i "$name" --arg s "$lower")" \
			"assay_findings of $name, severity $severity"
	done
done
assert_eq 0 "$(sample "$WORK/two.prom" '.name == "assay_gate_passed" and .labels.image == $i' --arg i "$(jq -r .ArtifactName "$APP")")" \
	"gate of the image with a CRITICAL"
assert_eq 1 "$(sample "$WORK/two.prom" '.name == "assay_gate_passed" and .labels.image == $i' --arg i "$(jq -r .ArtifactName "$WORKER")")" \
	"gate of the image without one"

# --- The quantum analyzer's own section: the same scores as in the JSON analysis ---
QUANTUM="$DATA/trivy/quantum-outputs.json"
if [ ! -e "$ASSAY_PLUGIN_DIR/analyzer-quantum.so" ]; then
	echo "note: analyzer-quantum is not built; its scores are not compared" >&2
else
	run_checked run -i "trivy:$QUANTUM" -o "prometheus:$WORK/quantum.prom" -o "json:$WORK/quantum.json" \
		--threshold-critical 10
	assert_eq 0 "$STATUS" "exit status of the quantum report under its limits ($(cat "$WORK/stderr"))"
	check_metrics "$WORK/quantum.prom"
	components=$(jq '.quantum.components | length' "$WORK/quantum.json")
	if [ "$components" -lt 2 ]; then
		fail "the quantum analyzer found $components components, expected the two quantum packages"
	fi
	for i in $(seq 0 $((components - 1))); do
		image=$(jq -r ".quantum.components[$i].image // \"\"" "$WORK/quantum.json")
		component=$(jq -r ".quantum.components[$i].component" "$WORK/quantum.json")
		assert_eq "$(jq ".quantum.components[$i].score" "$WORK/quantum.json")" \
			"$(sample "$WORK/quantum.prom" '.name == "assay_quantum_security_score" and .labels.image == $i and .labels.component == $c' \
				--arg i "$image" --arg c "$component")" \
			"quantum score of $component"
	done
	assert_eq "$(jq '.quantum.images[0].score' "$WORK/quantum.json")" \
		"$(sample "$WORK/quantum.prom" '.name == "assay_quantum_image_security_score"')" "quantum score of the image"
fi

# --- A clean run and an invalid extra label ---
run_checked run -i "trivy:$DATA/json/trivy-clean.json" -o "prometheus:$WORK/clean.prom"
assert_eq 0 "$STATUS" "exit status of a report without findings"
check_metrics "$WORK/clean.prom"
assert_eq 1 "$(sample "$WORK/clean.prom" '.name == "assay_run_gate_passed"')" "assay_run_gate_passed of a clean run"
run_checked run -i "trivy:$APP" -o "prometheus:$WORK/bad.prom" --option "prometheus-label=image=x"
assert_eq 2 "$STATUS" "exit status with an extra label that clashes with assay's own"
if [ -e "$WORK/bad.prom" ]; then
	fail "an output file was written although the run failed"
fi

# --- The example alert rules ---
if ! promtool check rules "$RULES" >"$WORK/rules.out" 2>&1; then
	fail "promtool check rules rejects $RULES: $(cat "$WORK/rules.out")"
fi
if ! promtool test rules "$RULE_TESTS" >"$WORK/rule-tests.out" 2>&1; then
	fail "the alert rule unit tests fail: $(cat "$WORK/rule-tests.out")"
fi

finish
