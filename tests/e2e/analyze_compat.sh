#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `assay analyze` replaces the Python analyzer in place: same flags, same
# default output file, same JSON keys, same exit statuses and violation texts.
. "$(dirname "$0")/lib.sh"

trivy="$ASSAY_SOURCE_DIR/examples/reports/trivy-quantum-app.json"
grype="$ASSAY_SOURCE_DIR/examples/reports/grype-quantum-app.json"

# Default output file in the current folder, default thresholds (critical 0): 1 CRITICAL fails.
cd "$WORK"
run_assay analyze --trivy-report "$trivy"
assert_eq 1 "$STATUS" "default thresholds with one CRITICAL"
[ -s "$WORK/security-analysis.json" ] || fail "security-analysis.json not written to the current folder"
grep -q "Security threshold violations detected!" "$WORK/stdout" || fail "verdict line missing: $(cat "$WORK/stdout")"
grep -q "  - Critical vulnerabilities: 1 > 0" "$WORK/stdout" || fail "violation line missing: $(cat "$WORK/stdout")"

# The Python analyzer's keys are where it put them.
for key in summary vulnerabilities recommendations compliance threshold_violations passes_threshold; do
	assert_eq true "$(jq "has(\"$key\")" "$WORK/security-analysis.json")" "top-level key $key"
done
for key in total_vulnerabilities severity_breakdown scan_time image_size; do
	assert_eq true "$(jq ".summary | has(\"$key\")" "$WORK/security-analysis.json")" "summary.$key"
done
for key in id severity package version fixed_version title description; do
	assert_eq true "$(jq ".vulnerabilities[0] | has(\"$key\")" "$WORK/security-analysis.json")" "vulnerability key $key"
done
assert_eq '"Critical vulnerabilities: 1 > 0"' "$(jq -c '.threshold_violations[0]' "$WORK/security-analysis.json")" "violation text"

# Raised limits pass; low is not checked, as in the Python analyzer.
run_assay analyze --trivy-report "$trivy" --grype-report "$grype" --threshold-critical 1 \
	--threshold-high 10 --output "$WORK/merged.json"
assert_eq 0 "$STATUS" "raised limits"
grep -q "All security thresholds passed!" "$WORK/stdout" || fail "pass line missing: $(cat "$WORK/stdout")"
assert_eq 10 "$(jq '.summary.total_vulnerabilities' "$WORK/merged.json")" "Trivy and Grype findings merged"
assert_eq '["grype","trivy"]' "$(jq -c '[.vulnerabilities[].scanners[]] | unique' "$WORK/merged.json")" "both scanners named"

# Bad usage exits 2 and writes nothing.
rm -f "$WORK/bad.json"
run_assay analyze --grype-report "$grype" --output "$WORK/bad.json"
assert_eq 2 "$STATUS" "missing --trivy-report"
run_assay analyze --trivy-report "$trivy" --format pdf --output "$WORK/bad.json"
assert_eq 2 "$STATUS" "invalid --format"
run_assay analyze --trivy-report "$WORK/missing.json" --output "$WORK/bad.json"
assert_eq 2 "$STATUS" "missing report"
[ ! -e "$WORK/bad.json" ] || fail "output written on error"

# Against the Python analyzer itself, where the reference is present.
reference="$ASSAY_SHARED_DIR/reference/analyze_container_results.py"
if [ -f "$reference" ]; then
	for limits in "0 5" "1 3" "1 10"; do
		set -- $limits
		python_status=0
		"$PYTHON" "$reference" --trivy-report "$trivy" --threshold-critical "$1" --threshold-high "$2" \
			--output "$WORK/python.json" >/dev/null || python_status=$?
		run_assay analyze --trivy-report "$trivy" --threshold-critical "$1" --threshold-high "$2" \
			--output "$WORK/assay.json"
		assert_eq "$python_status" "$STATUS" "exit status with limits $limits"
		assert_eq "$(jq -c '.threshold_violations' "$WORK/python.json")" \
			"$(jq -c '.threshold_violations' "$WORK/assay.json")" "violations with limits $limits"
		assert_eq "$(jq -c '.summary.severity_breakdown' "$WORK/python.json")" \
			"$(jq -c '.summary.severity_breakdown | del(.UNKNOWN)' "$WORK/assay.json")" "severity counts"
		assert_eq "$(jq -c '.summary.total_vulnerabilities' "$WORK/python.json")" \
			"$(jq -c '.summary.total_vulnerabilities' "$WORK/assay.json")" "total"
	done
else
	echo "note: $reference not found; comparison with the Python analyzer skipped" >&2
fi

finish
