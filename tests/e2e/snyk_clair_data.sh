#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the CLI on the project's own Snyk and Clair reports (tests/data):
# format detection, counts against jq, the gate, and the exit status and
# message of every bad report.
. "$(dirname "$0")/lib.sh"

LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
BREAKDOWN='.summary.severity_breakdown | {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}'

# Good reports, read with the format left to detection.
for scanner in snyk clair; do
	for report in "$DATA/$scanner"/*.json; do
		name="$scanner/$(basename "$report")"
		run_assay run -i "$report" -o "json:$WORK/out.json" "${LIMITS[@]}"
		if [ "$STATUS" -ne 0 ]; then
			fail "$name: exit status $STATUS, expected 0: $(head -c 400 "$WORK/stderr")"
			continue
		fi
		expected=$(jq -c -f "$(dirname "$0")/${scanner}_counts.jq" "$report")
		assert_eq "$expected" "$(jq -c "$BREAKDOWN" "$WORK/out.json")" \
			"$name: summary.severity_breakdown"
		assert_eq "[\"$scanner\"]" "$(jq -c '[.vulnerabilities[].scanners[]] | unique' \
			"$WORK/out.json")" "$name: scanners"
	done
done

# The gate: project.json contains one CRITICAL vulnerability, over the default limit of 0.
run_assay run -i "$DATA/snyk/project.json" -o "json:$WORK/gate.json"
assert_eq 1 "$STATUS" "snyk/project.json with default thresholds: exit status"

# Bad reports: exit status 2, one line naming the file, and no output file.
for scanner in snyk clair; do
	for report in "$DATA/$scanner"/bad/*; do
		name="$scanner/bad/$(basename "$report")"
		rm -f "$WORK/bad.json"
		run_assay run -i "$scanner:$report" -o "json:$WORK/bad.json" "${LIMITS[@]}"
		assert_eq 2 "$STATUS" "$name: exit status"
		assert_eq 1 "$(wc -l <"$WORK/stderr")" "$name: lines on stderr"
		if ! grep -qF "$(basename "$report")" "$WORK/stderr"; then
			fail "$name: the message does not name the file: $(head -c 400 "$WORK/stderr")"
		fi
		if [ -e "$WORK/bad.json" ]; then
			fail "$name: an output file was written despite the error"
		fi
	done
done

finish
