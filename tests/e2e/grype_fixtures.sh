#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reads every real Grype report of the shared fixtures and compares assay's
# severity counts and artifact with what jq computes from each report.
. "$(dirname "$0")/lib.sh"
require_fixtures grype

# Limits high enough that no report fails the gate.
LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
BREAKDOWN='.summary.severity_breakdown | {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}'

for report in "$FIXTURES"/grype/*.json; do
	name=$(basename "$report")
	rm -f "$WORK/out.json"
	run_assay run -i "grype:$report" -o "json:$WORK/out.json" "${LIMITS[@]}"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS, expected 0: $(head -c 400 "$WORK/stderr")"
		continue
	fi

	expected=$(jq -c -f "$(dirname "$0")/grype_counts.jq" "$report")
	actual=$(jq -c "$BREAKDOWN" "$WORK/out.json")
	assert_eq "$expected" "$actual" "$name: summary.severity_breakdown"

	expected_total=$(jq '[.[]] | add' <<<"$expected")
	assert_eq "$expected_total" "$(jq '.summary.total_vulnerabilities' "$WORK/out.json")" \
		"$name: summary.total_vulnerabilities"

	# The artifact is what the user asked Grype to scan.
	expected_image=$(jq -r '.source.target? | if type == "object" then .userInput else . end
		| values' "$report")
	assert_eq "$expected_image" "$(jq -r '[.images[].name] | join(",")' "$WORK/out.json")" \
		"$name: images[].name"
done

finish
