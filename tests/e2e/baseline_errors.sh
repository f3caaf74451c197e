#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A --baseline that is not an assay analysis stops the run with status 2,
# one line naming the file and no output written.
. "$(dirname "$0")/lib.sh"

REPORT="$DATA/trivy/compliance-image-nonroot.json"

# expect_error NAME BASELINE TEXT: the run fails with status 2 and TEXT in its message.
expect_error() {
	rm -f "$WORK/out.json"
	run_assay run -i "trivy:$REPORT" --baseline "$2" -o "json:$WORK/out.json"
	assert_eq 2 "$STATUS" "$1: exit status"
	grep -qF -- "$3" "$WORK/stderr" || fail "$1: message lacks '$3': $(cat "$WORK/stderr")"
	assert_eq 1 "$(grep -c . "$WORK/stderr")" "$1: lines on stderr"
	[ ! -e "$WORK/out.json" ] || fail "$1: an output file was written"
}

run_assay run -i "trivy:$REPORT" -o "json:$WORK/good.json" --no-fail

expect_error "a scanner report" "$REPORT" \
	"$REPORT: not an assay analysis: tool.name is not \"assay\""
echo '[1, 2]' >"$WORK/list.json"
expect_error "a JSON list" "$WORK/list.json" \
	"$WORK/list.json: not an assay analysis: expected a JSON object, found an array"
printf '{"tool": {"name": "assay"}, "vulnerabilities": [' >"$WORK/truncated.json"
expect_error "a truncated file" "$WORK/truncated.json" \
	"$WORK/truncated.json: not an assay analysis: invalid JSON at byte"
jq 'del(.secrets)' "$WORK/good.json" >"$WORK/no-secrets.json"
expect_error "a missing finding list" "$WORK/no-secrets.json" \
	"$WORK/no-secrets.json: not an assay analysis: secrets: expected an array, found nothing"
jq '.vulnerabilities[0].fingerprint = 42' "$WORK/good.json" >"$WORK/number.json"
expect_error "a fingerprint that is a number" "$WORK/number.json" \
	"$WORK/number.json: vulnerabilities[0].fingerprint: expected a string, found a number"
jq '.vulnerabilities[0] |= del(.id)' "$WORK/good.json" >"$WORK/no-id.json"
expect_error "a finding without id" "$WORK/no-id.json" "$WORK/no-id.json: vulnerabilities[0].id: missing"
expect_error "a missing file" "$WORK/absent.json" "cannot open the baseline $WORK/absent.json"
expect_error "a folder" "$WORK" "cannot read the baseline $WORK: not a regular file"
{
	printf '{"tool": {"name": "assay"}, "x": '
	printf '[%.0s' $(seq 200)
	printf ']%.0s' $(seq 200)
	printf '}'
} >"$WORK/deep.json"
expect_error "nesting too deep" "$WORK/deep.json" "$WORK/deep.json: arrays and objects nest more than 128 levels deep"

finish
