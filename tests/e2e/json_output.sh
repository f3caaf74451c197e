#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The JSON analysis: counts that match the input, strings that survive, and
# the exit status of the gate. run_assay checks each analysis against
# docs/analysis.schema.json.
. "$(dirname "$0")/lib.sh"

APP="$DATA/json/trivy-app.json"
WORKER="$DATA/json/trivy-worker.json"
CLEAN="$DATA/json/trivy-clean.json"

# count_severity FILE SEVERITY: vulnerabilities of one severity in a Trivy report.
count_severity() {
	jq --arg s "$2" '[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s)] | length' "$1"
}

# --- One image: counts, strings ---
run_assay run -i "trivy:$APP" -o "json:$WORK/app.json" \
	--threshold-critical 100 --threshold-high 100 --threshold-medium 100 --threshold-low 100
assert_eq 0 "$STATUS" "exit status of a run under every limit ($(cat "$WORK/stderr"))"

expected=$(jq '[.Results[]?.Vulnerabilities // [] | .[]] | length' "$APP")
assert_eq "$expected" "$(jq '.summary.total_vulnerabilities' "$WORK/app.json")" "total_vulnerabilities"
assert_eq "$expected" "$(jq '.vulnerabilities | length' "$WORK/app.json")" "length of vulnerabilities"
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	assert_eq "$(count_severity "$APP" "$severity")" \
		"$(jq --arg s "$severity" '.summary.severity_breakdown[$s]' "$WORK/app.json")" \
		"severity_breakdown.$severity"
	assert_eq "$(count_severity "$APP" "$severity")" \
		"$(jq --arg s "$severity" '[.vulnerabilities[] | select(.severity == $s)] | length' "$WORK/app.json")" \
		"vulnerabilities of severity $severity"
done
assert_eq "$(jq '[.Results[]?.Misconfigurations // [] | .[] | select(.Status == "FAIL")] | length' "$APP")" \
	"$(jq '.summary.by_kind.misconfiguration.total' "$WORK/app.json")" "misconfigurations"
assert_eq "$(jq '[.Results[]?.Secrets // [] | .[]] | length' "$APP")" \
	"$(jq '.secrets | length' "$WORK/app.json")" "secrets"
assert_eq "$(jq '[.Results[]?.Licenses // [] | .[]] | length' "$APP")" \
	"$(jq '.licenses | length' "$WORK/app.json")" "licenses"
assert_eq "$(jq '[.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length' "$WORK/app.json")" \
	"$(jq '.summary.total_findings + .summary.ignored_findings' "$WORK/app.json")" \
	"total_findings + ignored_findings against the finding lists"
assert_eq "$(jq '.Metadata.Size' "$APP")" "$(jq '.summary.image_size' "$WORK/app.json")" "image_size"
assert_eq "$(jq '.CreatedAt' "$APP")" "$(jq '.summary.scan_time' "$WORK/app.json")" "scan_time"
assert_eq '"assay"' "$(jq '.tool.name' "$WORK/app.json")" "tool.name"
# The compliance analyzer fills the Python analyzer's key; test_json covers "{}" without it.
assert_eq 'true' "$(jq -c '.compliance | has("frameworks") and has("cis_docker_benchmark")' "$WORK/app.json")" \
	"compliance section from the compliance analyzer"

# Pretty enough for people: every finding on a line of its own.
assert_eq "$(jq '[.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length' "$WORK/app.json")" \
	"$(grep -c '^    {"id":' "$WORK/app.json")" "lines that hold one finding each"

# The scanner's FixedVersion "A, B" becomes two fixed_versions and the Python analyzer's fixed_version.
assert_eq '["7.88.1-11","8.0.1-1"]' \
	"$(jq -c '.vulnerabilities[] | select(.id == "CVE-2031-0005") | .fixed_versions' "$WORK/app.json")" \
	"fixed_versions of a finding with two fixes"
assert_eq '"7.88.1-11, 8.0.1-1"' \
	"$(jq '.vulnerabilities[] | select(.id == "CVE-2031-0005") | .fixed_version' "$WORK/app.json")" \
	"fixed_version of a finding with two fixes"
assert_eq 'null []' \
	"$(jq -j '.vulnerabilities[] | select(.id == "CVE-2031-0003") | "\(.fixed_version) \(.fixed_versions | tojson)"' "$WORK/app.json")" \
	"fixed_version and fixed_versions of a finding without a fix"
assert_eq '[]' "$(jq -c '.vulnerabilities[] | select(.id == "CVE-2031-0002") | .cwes' "$WORK/app.json")" \
	"cwes of a finding without CWE ids"

# A hostile title and description come back as the same strings after parsing.
for field in Title:title Description:description; do
	assert_eq "$(jq "[.Results[].Vulnerabilities // [] | .[] | select(.VulnerabilityID == \"CVE-2031-0002\") | .${field%%:*}]" "$APP")" \
		"$(jq "[.vulnerabilities[] | select(.id == \"CVE-2031-0002\") | .${field##*:}]" "$WORK/app.json")" \
		"hostile ${field##*:} after a round trip"
done
if grep -q '<script>alert(1)</script>' "$WORK/app.json" && ! grep -qP '[\x00-\x08\x0b-\x1f]' "$WORK/app.json"; then
	:
else
	fail "the hostile title must be kept as text with its control characters escaped"
fi

# --- Threshold exit status, from counts taken with jq ---
critical=$(count_severity "$APP" CRITICAL)
limits=(--threshold-high 100 --threshold-medium 100 --threshold-low 100)

run_assay run -i "trivy:$APP" -o "json:$WORK/at.json" --threshold-critical "$critical" "${limits[@]}"
assert_eq 0 "$STATUS" "exit status with the critical limit at the count"
assert_eq true "$(jq '.passes_threshold' "$WORK/at.json")" "passes_threshold at the limit"
assert_eq '[]' "$(jq -c '.threshold_violations' "$WORK/at.json")" "threshold_violations at the limit"
assert_eq "\"Critical vulnerabilities: $critical <= $critical\"" \
	"$(jq '.checks[] | select(.name == "threshold.critical" and .image == null) | .message' "$WORK/at.json")" \
	"message of a passed check"

below=$((critical - 1))
run_assay run -i "trivy:$APP" -o "json:$WORK/above.json" --threshold-critical "$below" "${limits[@]}"
assert_eq 1 "$STATUS" "exit status with the critical count above the limit"
assert_eq false "$(jq '.passes_threshold' "$WORK/above.json")" "passes_threshold above the limit"
assert_eq "[\"Critical vulnerabilities: $critical > $below\"]" \
	"$(jq -c '.threshold_violations' "$WORK/above.json")" "threshold_violations above the limit"

run_assay run -i "trivy:$APP" -o "json:$WORK/nofail.json" --threshold-critical "$below" "${limits[@]}" --no-fail
assert_eq 0 "$STATUS" "exit status with --no-fail"
assert_eq false "$(jq '.passes_threshold' "$WORK/nofail.json")" "passes_threshold with --no-fail"

# --- Two images: per-image checks and counts ---
run_assay run -i "trivy:$APP" -i "trivy:$WORKER" -o json:- --threshold-critical 100 "${limits[@]}"
assert_eq 0 "$STATUS" "exit status of two images under every limit"
cp "$WORK/stdout" "$WORK/two.json"
assert_eq 2 "$(jq '.images | length' "$WORK/two.json")" "images of two reports"
assert_eq 2 "$(jq '.summary.by_image | length' "$WORK/two.json")" "by_image of two reports"
worker=$(jq -r '.ArtifactName' "$WORKER")
assert_eq "$(jq '[.Results[]?.Vulnerabilities // [] | .[]] | length' "$WORKER")" \
	"$(jq --arg i "$worker" '.summary.by_image[$i].severity_breakdown | add' "$WORK/two.json")" \
	"vulnerabilities of the second image"
assert_eq 4 "$(jq --arg i "$worker" '[.checks[] | select(.image == $i)] | length' "$WORK/two.json")" \
	"per-image checks of the second image"
assert_eq "$(count_severity "$WORKER" HIGH)" \
	"$(jq --arg i "$worker" '.checks[] | select(.image == $i and .name == "threshold.high") | .count' "$WORK/two.json")" \
	"high count of the second image's check"

# --- A report without findings: empty lists stay lists ---
run_assay run -i "trivy:$CLEAN" -o "json:$WORK/clean.json"
assert_eq 0 "$STATUS" "exit status of a report without findings"
for key in vulnerabilities misconfigurations secrets licenses threshold_violations; do
	assert_eq '[]' "$(jq -c ".$key" "$WORK/clean.json")" "$key of a report without findings"
	if ! grep -q "^  \"$key\": \[\],\$" "$WORK/clean.json"; then
		fail "$key of a report without findings is not written as []"
	fi
done
assert_eq 0 "$(jq '.summary.total_findings' "$WORK/clean.json")" "total_findings without findings"

finish
