#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reads every real Snyk report of the shared fixtures and compares assay's
# severity counts and artifacts with what jq computes from each report.
. "$(dirname "$0")/lib.sh"
require_fixtures snyk

# Limits high enough that no report fails the gate.
LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
BREAKDOWN='.summary.severity_breakdown | {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}'

for report in "$FIXTURES"/snyk/*; do
	name=$(basename "$report")
	rm -f "$WORK/out.json"
	run_assay run -i "snyk:$report" -o "json:$WORK/out.json" "${LIMITS[@]}"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS, expected 0: $(head -c 400 "$WORK/stderr")"
		continue
	fi

	expected=$(jq -c -f "$(dirname "$0")/snyk_counts.jq" "$report")
	actual=$(jq -c "$BREAKDOWN" "$WORK/out.json")
	assert_eq "$expected" "$actual" "$name: summary.severity_breakdown"

	expected_total=$(jq '[.[]] | add' <<<"$expected")
	assert_eq "$expected_total" "$(jq '.summary.total_vulnerabilities' "$WORK/out.json")" \
		"$name: summary.total_vulnerabilities"

	# Each project declares what it scanned: its path, else its name.
	expected_images=$(jq -c '[if type == "array" then .[] else . end
		| (.path | select(. != "")) // .projectName] | unique' "$report")
	assert_eq "$expected_images" "$(jq -c '[.images[].name] | sort' "$WORK/out.json")" \
		"$name: images[].name"
done

finish
