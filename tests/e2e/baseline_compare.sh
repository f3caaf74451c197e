#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --baseline: findings of an earlier JSON analysis are known, others new,
# and the baseline's findings the run no longer has are listed as fixed.
. "$(dirname "$0")/lib.sh"

REPORT="$DATA/trivy/compliance-image-root.json"
WORKER="$DATA/trivy/multi-image-worker.json"

run_assay run -i "trivy:$REPORT" -o "json:$WORK/base.json" --no-fail
assert_eq 0 "$STATUS" "exit status of the baseline run ($(head -c 300 "$WORK/stderr"))"
total=$(jq '[.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length' "$WORK/base.json")

# --- Against its own output: everything known, nothing fixed ---
run_assay run -i "trivy:$REPORT" --baseline "$WORK/base.json" -o "json:$WORK/self.json" --no-fail
assert_eq 0 "$STATUS" "exit status against its own output ($(head -c 300 "$WORK/stderr"))"
assert_eq "{\"file\":\"$WORK/base.json\",\"new\":0,\"known\":$total,\"fixed\":0,\"fixed_findings\":[]}" \
	"$(jq -c '.baseline' "$WORK/self.json")" "baseline section against its own output"
assert_eq '["known"]' "$(jq -c '[.vulnerabilities, .secrets | .[].baseline] | unique' "$WORK/self.json")" \
	"every finding is known"

# --- A finding removed from the baseline is new; one the run lost is fixed ---
jq 'del(.vulnerabilities[] | select(.id == "CVE-2031-1002"))' "$WORK/base.json" >"$WORK/without.json"
run_assay run -i "trivy:$REPORT" --baseline "$WORK/without.json" -o "json:$WORK/one-new.json" --no-fail
assert_eq "$((total - 1))" "$(jq '.baseline.known' "$WORK/one-new.json")" "known with one finding missing"
assert_eq 1 "$(jq '.baseline.new' "$WORK/one-new.json")" "new with one finding missing"
assert_eq '["CVE-2031-1002"]' \
	"$(jq -c '[.vulnerabilities[] | select(.baseline == "new") | .id]' "$WORK/one-new.json")" \
	"the missing finding is the new one"

jq 'del(.Results[0].Vulnerabilities[] | select(.VulnerabilityID == "CVE-2031-1001"))' "$REPORT" \
	>"$WORK/patched.json"
run_assay run -i "trivy:$WORK/patched.json" --baseline "$WORK/base.json" -o "json:$WORK/fixed.json" --no-fail
assert_eq 0 "$STATUS" "exit status with a fixed finding ($(head -c 300 "$WORK/stderr"))"
assert_eq 1 "$(jq '.baseline.fixed' "$WORK/fixed.json")" "fixed count"
assert_eq 0 "$(jq '.baseline.new' "$WORK/fixed.json")" "new count with a fixed finding"
expected=$(jq -c '.vulnerabilities[] | select(.id == "CVE-2031-1001")
	| {id, kind, package, version, severity, fingerprint, target}' "$WORK/base.json")
assert_eq "[$expected]" "$(jq -c '.baseline.fixed_findings' "$WORK/fixed.json")" "the fixed finding"

# --- A baseline without fingerprints is matched on kind, id, package, version and target ---
jq '(.vulnerabilities, .misconfigurations, .secrets, .licenses) |= map(del(.fingerprint))' \
	"$WORK/base.json" >"$WORK/no-fingerprints.json"
run_assay run -i "trivy:$REPORT" --baseline "$WORK/no-fingerprints.json" -o "json:$WORK/identity.json" --no-fail
assert_eq 0 "$STATUS" "exit status with a baseline without fingerprints ($(head -c 300 "$WORK/stderr"))"
assert_eq "[0,$total,0]" "$(jq -c '[.baseline.new, .baseline.known, .baseline.fixed]' "$WORK/identity.json")" \
	"new, known and fixed against a baseline without fingerprints"

# --- Another image's analysis: nothing in common, everything new or fixed ---
run_assay run -i "trivy:$WORKER" --baseline "$WORK/base.json" -o "json:$WORK/other.json" --no-fail
assert_eq "$(jq '.vulnerabilities | length' "$WORK/other.json")" "$(jq '.baseline.new' "$WORK/other.json")" \
	"new against another image's baseline"
assert_eq "$total" "$(jq '.baseline.fixed' "$WORK/other.json")" "fixed against another image's baseline"

# --- Without --baseline there is no section and no finding carries a baseline state ---
assert_eq 'null' "$(jq -c '.baseline' "$WORK/base.json")" "no baseline section without --baseline"
assert_eq '[null]' "$(jq -c '[.vulnerabilities[].baseline] | unique' "$WORK/base.json")" \
	"no baseline state without --baseline"

if "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	for name in self fixed; do
		"$PYTHON" "$ASSAY_SOURCE_DIR/tests/tools/validate_json.py" \
			"$ASSAY_SOURCE_DIR/docs/analysis.schema.json" "$WORK/$name.json" ||
			fail "$name: the analysis does not match the schema"
	done
fi

finish
