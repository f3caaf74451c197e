#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The JSON analysis of every real scanner report that assay accepts
# matches docs/analysis.schema.json (checked by run_assay and finish), and
# its counts agree with its lists.
. "$(dirname "$0")/lib.sh"

require_fixtures trivy
if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)" >&2
	exit 77
fi

documents=()
for report in "$FIXTURES"/*/*.json "$FIXTURES"/*/*.sarif; do
	[ -f "$report" ] || continue
	out="$WORK/$(basename "$(dirname "$report")")-$(basename "$report").out.json"
	run_assay run -i "$report" -o "json:$out"
	# Status 2 is a report that no reader accepts. The readers' own tests cover those.
	if [ "$STATUS" -eq 2 ]; then
		if [ -e "$out" ]; then
			fail "$report: status 2 but $out was written"
		fi
		continue
	fi
	if [ "$STATUS" -ne 0 ] && [ "$STATUS" -ne 1 ]; then
		fail "$report: exit status $STATUS ($(head -c 300 "$WORK/stderr"))"
		continue
	fi
	documents+=("$out")

	# The summary agrees with the lists it summarizes. One jq call per document
	# keeps the test short, and it prints pairs: a count of a list, then the summary's.
	read -r vulnerabilities total all findings none_failed passes < <(jq -r '[
		([.vulnerabilities[] | select(.ignored | not)] | length),
		.summary.total_vulnerabilities,
		([.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length),
		(.summary.total_findings + .summary.ignored_findings),
		([.checks[] | select(.passed | not)] | length == 0),
		.passes_threshold] | @tsv' "$out")
	assert_eq "$vulnerabilities" "$total" "$report: total_vulnerabilities"
	assert_eq "$all" "$findings" "$report: total_findings + ignored_findings"
	assert_eq "$none_failed" "$passes" "$report: passes_threshold against the checks"
	assert_eq "$([ "$STATUS" -eq 0 ] && echo true || echo false)" "$passes" \
		"$report: passes_threshold against the exit status"
done

if [ "${#documents[@]}" -eq 0 ]; then
	fail "no report of $FIXTURES gave a JSON analysis"
fi

finish
