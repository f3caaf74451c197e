#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reads every real Clair report of the shared fixtures (Clair v4,
# clair-scanner and klar) and compares assay's severity counts and image
# with what jq computes from each report.
. "$(dirname "$0")/lib.sh"
require_fixtures clair

# Limits high enough that no report fails the gate.
LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
BREAKDOWN='.summary.severity_breakdown | {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}'

for report in "$FIXTURES"/clair/*; do
	name=$(basename "$report")
	rm -f "$WORK/out.json"
	run_assay run -i "clair:$report" -o "json:$WORK/out.json" "${LIMITS[@]}"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS, expected 0: $(head -c 400 "$WORK/stderr")"
		continue
	fi

	expected=$(jq -c -f "$(dirname "$0")/clair_counts.jq" "$report")
	actual=$(jq -c "$BREAKDOWN" "$WORK/out.json")
	assert_eq "$expected" "$actual" "$name: summary.severity_breakdown"

	expected_total=$(jq '[.[]] | add' <<<"$expected")
	assert_eq "$expected_total" "$(jq '.summary.total_vulnerabilities' "$WORK/out.json")" \
		"$name: summary.total_vulnerabilities"

	# A v4 report is named by its manifest digest, clair-scanner's by its
	# image; klar names none.
	expected_images=$(jq -c '[.manifest_hash // .image | values]' "$report")
	assert_eq "$expected_images" "$(jq -c '[.images[].name]' "$WORK/out.json")" \
		"$name: images[].name"
done

finish
