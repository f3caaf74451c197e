#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The analyzers' sections of the JSON analysis (compliance, baseline, ignore,
# quantum) match docs/analysis.schema.json, and the schema rejects a wrong
# type, status or key in each of them.
. "$(dirname "$0")/lib.sh"

if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)" >&2
	exit 77
fi

TRIVY="$ASSAY_SOURCE_DIR/examples/reports/trivy-quantum-app.json"
APP="$DATA/json/trivy-app.json"
POLICY="$ASSAY_SOURCE_DIR/examples/policies/ignore-with-expiry.lua"

# Rules that are active, expiring and unused on 2098-12-25; the policy adds an expired one.
cat >"$WORK/trivyignore" <<'EOF'
# reviewed exceptions
CVE-2099-1002 exp:2099-01-01 owner:alice # the parser is not reachable
CVE-2099-1004 exp:2099-06-30 owner:bob # patched in the runtime
CVE-2031-9999 exp:2099-06-30 owner:carol # removed upstream
EOF

# --- Documents that hold every section; run_assay queues each for the schema check ---

# The baseline is another image, so each of its findings is listed as fixed.
run_assay run -i "trivy:$APP" -o "json:$WORK/base.json" --no-fail
assert_eq 0 "$STATUS" "exit status of the baseline run ($(head -c 300 "$WORK/stderr"))"
run_assay run -i "trivy:$TRIVY" -o "json:$WORK/full.json" --no-fail --baseline "$WORK/base.json" \
	-p "$POLICY" --ignore-file "$WORK/trivyignore" --ignore-unfixed --option today=2098-12-25
assert_eq 0 "$STATUS" "exit status of the run with every section ($(head -c 300 "$WORK/stderr"))"
run_assay run -i "trivy:$APP" -i "trivy:$DATA/json/trivy-worker.json" \
	-o "json:$WORK/two.json" --no-fail
assert_eq 0 "$STATUS" "exit status of the run of two images ($(head -c 300 "$WORK/stderr"))"

# The schema check covers a section only where the section is there.
assert_eq '["baseline","compliance","ignore","quantum"]' \
	"$(jq -c '[keys[] | select(. == "baseline" or . == "compliance" or . == "ignore" or . == "quantum")]' "$WORK/full.json")" \
	"sections of the run with every section"
assert_eq '["active","expired","expiring","unused"]' \
	"$(jq -c '[.ignore.rules[].status] | unique' "$WORK/full.json")" "statuses of the ignore rules"
assert_eq true "$(jq '.baseline.fixed > 0 and .quantum.score != null and (.ignore.unfixed | type) == "number"' "$WORK/full.json")" \
	"fixed findings, a quantum score and the --ignore-unfixed count"
assert_eq '["cis_docker_benchmark","frameworks","nist_guidelines","quantum_security"]' \
	"$(jq -c '.compliance | keys' "$WORK/full.json")" "keys of the compliance section"
assert_eq '["finding","image","scan"]' \
	"$(jq -sc '[.[].compliance.frameworks[].controls[].evidence[].type] | unique' "$WORK/full.json" "$WORK/two.json")" \
	"types of compliance evidence"
assert_eq 2 "$(jq '.compliance.images | length' "$WORK/two.json")" "compliance subjects of two images"

# Documents the schema must accept: sections of a third-party analyzer, no compliance analyzer,
# no quantum findings.
printf '{"denied": ["GPL-3.0"], "checked": 12}\n' >"$WORK/license-audit.json"
printf '["a note", 3, null]\n' >"$WORK/notes.json"
run_assay run -i "trivy:$APP" -o "json:$WORK/third-party.json" --no-fail \
	--plugin-path "$ASSAY_BUILD_DIR/tests/fixture-plugins" \
	--option "fixture-section=license_audit=$WORK/license-audit.json" \
	--option "fixture-section=notes=$WORK/notes.json"
assert_eq 0 "$STATUS" "exit status with the fixture analyzer ($(head -c 300 "$WORK/stderr"))"
assert_eq '[{"denied":["GPL-3.0"],"checked":12},["a note",3,null]]' \
	"$(jq -c '[.license_audit, .notes]' "$WORK/third-party.json")" "sections of a third-party analyzer"
jq '.compliance = {}' "$WORK/full.json" >"$WORK/no-compliance.json"
check_json_output "$WORK/no-compliance.json" "an analysis with an empty compliance section"
jq '.quantum.score = null | .compliance.quantum_security.score = null' "$WORK/full.json" >"$WORK/null-score.json"
check_json_output "$WORK/null-score.json" "an analysis with null quantum scores"

# --- Mistakes the schema must reject: a jq edit of full.json and the JSON path it breaks ---
mistakes=(
	'.compliance.frameworks[0].controls[0].status = "passed"|$.compliance.frameworks[0].controls[0].status'
	'.compliance.frameworks[0].score = "40"|$.compliance.frameworks[0].score'
	'.compliance.frameworks[0].assessed = -1|$.compliance.frameworks[0].assessed'
	'(.compliance.frameworks[0].controls[] | select(.evidence | length > 0) | .evidence[0].type) |= "file"|.evidence[0].type'
	'(.compliance.frameworks[].controls[].evidence[] | select(.type == "image" and .field == "config_user") | .value) |= 0|.value'
	'(.compliance.frameworks[].controls[].evidence[] | select(.type == "finding") | .severity) |= "SEVERE"|.severity'
	'.compliance.frameworks = {}|$.compliance.frameworks'
	'del(.compliance.cis_docker_benchmark.failed_checks)|$.compliance.cis_docker_benchmark'
	'.compliance.nist_guidelines.compliance_level = "HIGH"|$.compliance.nist_guidelines'
	'.compliance.quantum_security.post_quantum_ready = false|$.compliance.quantum_security'
	'.compliance.shop_images = []|$.compliance.shop_images'
	'.baseline.new = "1"|$.baseline.new'
	'.baseline.fixed_findings[0].id = null|$.baseline.fixed_findings[0].id'
	'del(.baseline.file)|$.baseline'
	'.ignore.rules[0].status = "ignored"|$.ignore.rules[0].status'
	'.ignore.rules[0].expires = "30/06/2099"|$.ignore.rules[0].expires'
	'.ignore.rules[0].line = 0|$.ignore.rules[0].line'
	'.ignore.rules[0].kind = "vuln"|$.ignore.rules[0].kind'
	'(.ignore.rules[] | select(.status == "expired") | .days_left) |= 3|.days_left'
	'(.ignore.rules[] | select(.status == "unused") | .matches) |= 2|.matches'
	'.ignore.unfixed = -1|$.ignore.unfixed'
	'.quantum.score = 101|$.quantum.score'
	'.quantum.components[0].by_severity.SEVERE = 1|$.quantum.components[0].by_severity'
	'.quantum.images[0].score = null|$.quantum.images[0].score'
	'del(.quantum.weights.credential)|$.quantum.weights'
)
documents=()
for i in "${!mistakes[@]}"; do
	edit=${mistakes[$i]%|*}
	if ! jq "$edit" "$WORK/full.json" >"$WORK/mistake-$i.json"; then
		fail "jq cannot apply '$edit'"
		continue
	fi
	documents+=("$WORK/mistake-$i.json")
done
STATUS=0
"$PYTHON" "$JSON_VALIDATOR" "$ANALYSIS_SCHEMA" "${documents[@]}" 2>"$WORK/rejected.txt" || STATUS=$?
assert_eq 1 "$STATUS" "validator status for documents with mistakes ($(head -c 300 "$WORK/rejected.txt"))"
for i in "${!mistakes[@]}"; do
	path=${mistakes[$i]##*|}
	grep -F "$WORK/mistake-$i.json: " "$WORK/rejected.txt" | grep -qF -- "$path" ||
		fail "the schema accepts '${mistakes[$i]%|*}' (no error at $path)"
done

finish
