#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the CLI on the project's own Grype and hadolint reports: counts,
# format detection, and exit status 2 with one line naming the file and
# the JSON path for invalid reports.
. "$(dirname "$0")/lib.sh"

LIMITS=(--threshold-critical 1000000 --threshold-high 1000000
	--threshold-medium 1000000 --threshold-low 1000000)
HERE=$(dirname "$0")

# Counts of the valid reports, with the format given and detected.
for report in image-all-fields directory legacy-v0.7 bare-array empty-matches; do
	for input in "grype:$DATA/grype/$report.json" "$DATA/grype/$report.json"; do
		rm -f "$WORK/out.json"
		run_assay run -i "$input" -o "json:$WORK/out.json" "${LIMITS[@]}"
		assert_eq 0 "$STATUS" "$input: exit status"
		[ -f "$WORK/out.json" ] || continue
		assert_eq "$(jq -c -f "$HERE/grype_counts.jq" "$DATA/grype/$report.json")" \
			"$(jq -c '.summary.severity_breakdown | {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}' \
				"$WORK/out.json")" "$input: summary.severity_breakdown"
	done
done

rm -f "$WORK/out.json"
run_assay run -i "$DATA/hadolint/two-dockerfiles.json" -o "json:$WORK/out.json" "${LIMITS[@]}"
assert_eq 0 "$STATUS" "two-dockerfiles.json: exit status"
assert_eq "$(jq -c -f "$HERE/hadolint_counts.jq" "$DATA/hadolint/two-dockerfiles.json")" \
	"$(jq -c '.summary.by_kind.misconfiguration.severity_breakdown
		| {CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN}' "$WORK/out.json" 2>/dev/null)" \
	"two-dockerfiles.json: by_kind.misconfiguration.severity_breakdown"
assert_eq '{"hadolint":7}' "$(jq -c '.summary.by_scanner | map_values(.total)' "$WORK/out.json" 2>/dev/null)" \
	"two-dockerfiles.json: detected as hadolint"

# Both scanners in one run: the counts add up per kind.
rm -f "$WORK/out.json"
run_assay run -i "grype:$DATA/grype/image-all-fields.json" \
	-i "hadolint:$DATA/hadolint/two-dockerfiles.json" -o "json:$WORK/out.json" "${LIMITS[@]}"
assert_eq 0 "$STATUS" "grype and hadolint together: exit status"
assert_eq '{"vulnerability":5,"misconfiguration":7,"secret":0,"license":0}' \
	"$(jq -c '.summary.by_kind | {vulnerability: .vulnerability.total,
		misconfiguration: .misconfiguration.total, secret: .secret.total,
		license: .license.total}' "$WORK/out.json" 2>/dev/null)" \
	"grype and hadolint together: by_kind totals"

# expect_invalid FORMAT FILE MESSAGE: exit status 2, no output file, and
# the one line "assay: error: FILE: MESSAGE" on stderr.
expect_invalid() {
	rm -f "$WORK/out.json"
	run_assay run -i "$1:$2" -o "json:$WORK/out.json" "${LIMITS[@]}"
	assert_eq 2 "$STATUS" "$2: exit status"
	[ ! -e "$WORK/out.json" ] || fail "$2: an output file was written for an invalid report"
	assert_eq "assay: error: $2: $3" "$(cat "$WORK/stderr")" "$2: error message"
}

expect_invalid grype "$DATA/grype/bad-version-number.json" \
	"matches[1].artifact.version: expected a string, found a number"
expect_invalid grype "$DATA/grype/bad-cvss-score-string.json" \
	"matches[0].vulnerability.cvss[1].metrics.baseScore: expected a number, found a string"
expect_invalid grype "$DATA/grype/not-grype-trivy.json" \
	'not a Grype report: no "matches", "source" or "descriptor" member found; run grype with -o json'
expect_invalid grype "$DATA/hadolint/two-dockerfiles.json" \
	'not a Grype report: the top-level array holds objects without "vulnerability" and "artifact"; run grype with -o json'
expect_invalid hadolint "$DATA/hadolint/bad-line-string.json" \
	"[1].line: expected a number, found a string"
expect_invalid hadolint "$DATA/grype/image-all-fields.json" \
	"not a hadolint report: expected a JSON array of {line, code, message, column, file, level} objects, found an object"

finish
