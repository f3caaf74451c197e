#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every real Trivy report of the shared fixtures reads with exit status 0,
# and the analysis counts what jq counts in the report itself.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trivy_check.bash"

require_fixtures trivy

checked=0
for report in "$FIXTURES"/trivy/*; do
	[ -f "$report" ] || continue
	check_trivy_report "$report"
	checked=$((checked + 1))
done
if [ "$checked" -eq 0 ]; then
	fail "no report found in $FIXTURES/trivy"
fi

finish
