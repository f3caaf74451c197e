#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reads every real hadolint report of the shared fixtures and compares
# assay's misconfiguration counts and artifacts with what jq computes.
. "$(dirname "$0")/lib.sh"
require_fixtures hadolint

LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
BREAKDOWN='.summary.by_kind.misconfiguration.severity_breakdown
	| {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}'

for report in "$FIXTURES"/hadolint/*.json; do
	name=$(basename "$report")
	rm -f "$WORK/out.json"
	run_assay run -i "hadolint:$report" -o "json:$WORK/out.json" "${LIMITS[@]}"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS, expected 0: $(head -c 400 "$WORK/stderr")"
		continue
	fi

	expected=$(jq -c -f "$(dirname "$0")/hadolint_counts.jq" "$report")
	actual=$(jq -c "$BREAKDOWN" "$WORK/out.json")
	assert_eq "$expected" "$actual" "$name: by_kind.misconfiguration.severity_breakdown"

	# One artifact per Dockerfile named in the report.
	assert_eq "$(jq -c '[.[].file] | unique' "$report")" \
		"$(jq -c '[.images[].name] | sort' "$WORK/out.json")" "$name: images[].name"
	assert_eq "$(jq length "$report")" "$(jq '.misconfigurations | length' "$WORK/out.json")" \
		"$name: misconfigurations"
done

finish
