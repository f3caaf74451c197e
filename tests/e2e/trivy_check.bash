# SPDX-License-Identifier: Apache-2.0
# check_trivy_report FILE: read a Trivy report with `assay run`, compare the
# counts of its JSON analysis with counts made by jq from the report itself
# (trivy_counts.jq), then gate at the edge of the highest severity found.
# Sourced by the Trivy end-to-end tests after lib.sh.

COUNTS_JQ="$(dirname "${BASH_SOURCE[0]}")/trivy_counts.jq"
NO_LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)

# The analysis in the shape of trivy_counts.jq's output.
ANALYSIS_COUNTS='.summary as $s | {vulnerability: $s.by_kind.vulnerability.total}
	+ $s.severity_breakdown
	+ {misconfiguration: $s.by_kind.misconfiguration.total,
	   secret: $s.by_kind.secret.total, license: $s.by_kind.license.total}'

check_trivy_report() {
	local report=$1 name expected actual severity count option
	name=$(basename "$report")

	if ! expected=$(jq -c -f "$COUNTS_JQ" "$report"); then
		fail "$name: jq could not count the report"
		return
	fi
	rm -f "$WORK/out.json"
	run_assay run -i "trivy:$report" -o "json:$WORK/out.json" "${NO_LIMITS[@]}"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS, expected 0 ($(head -c 300 "$WORK/stderr"))"
		return
	fi
	actual=$(jq -c "$ANALYSIS_COUNTS" "$WORK/out.json")
	assert_eq "$expected" "$actual" "$name: counts"

	# The highest severity with vulnerabilities: its count passes, one less fails.
	for severity in CRITICAL HIGH MEDIUM LOW; do
		count=$(jq -r ".$severity" <<<"$expected")
		if [ "$count" -gt 0 ]; then
			break
		fi
	done
	if [ "$count" -eq 0 ]; then
		return
	fi
	option="--threshold-$(tr 'A-Z' 'a-z' <<<"$severity")"
	run_assay run -i "trivy:$report" -o "json:$WORK/gate.json" "${NO_LIMITS[@]}" "$option" "$count"
	assert_eq 0 "$STATUS" "$name: exit status with $option $count"
	run_assay run -i "trivy:$report" -o "json:$WORK/gate.json" "${NO_LIMITS[@]}" \
		"$option" "$((count - 1))"
	assert_eq 1 "$STATUS" "$name: exit status with $option $((count - 1))"
}
