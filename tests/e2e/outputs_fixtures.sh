#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every output on every real scanner report, each checked by its consumer's
# tool: xmllint with the JUnit schema, promtool, GitHub's Markdown parser
# (cmark-gfm) through check_markdown.py, the GitLab report checker, and the
# analysis schema for the JSON output. sarif_output.sh validates the SARIF
# output of the same reports.
. "$(dirname "$0")/lib.sh"

require_fixtures trivy
for tool in xmllint promtool cmark-gfm; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; scripts/test installs it" >&2
		exit 77
	fi
done
JUNIT_XSD="$ASSAY_SHARED_DIR/schemas/junit.xsd"
TOOLS="$ASSAY_SOURCE_DIR/tests/tools"

checked=0
gitlab_files=()
for report in "$FIXTURES"/{trivy,grype,hadolint,snyk,clair,sarif}/*; do
	[ -f "$report" ] || continue
	name=$(basename "$(dirname "$report")")-$(basename "$report")
	out="$WORK/$name"
	mkdir -p "$out"
	run_assay run -i "$report" --no-fail -o "junit:$out/r.xml" -o "prometheus:$out/r.prom" \
		-o "markdown:$out/r.md" -o "gitlab:$out/r.json" -o "html:$out/r.html" -o "json:$out/a.json"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name: exit status $STATUS: $(cat "$WORK/stderr")"
		continue
	fi

	if ! xmllint --noout --schema "$JUNIT_XSD" "$out/r.xml" 2>"$WORK/xmllint.out"; then
		fail "$name: the JUnit report does not match junit.xsd: $(head -5 "$WORK/xmllint.out")"
	fi
	if ! promtool check metrics <"$out/r.prom" >"$WORK/promtool.out" 2>&1; then
		fail "$name: promtool rejects the metrics: $(head -5 "$WORK/promtool.out")"
	fi
	# A large report's summary is cut to fit GitHub's limit; the cut must add up.
	cut=()
	if grep -q "more findings are not listed" "$out/r.md"; then
		cut=(--cut --total "$(jq '.summary.total_findings' "$out/a.json")")
	fi
	if ! "$PYTHON" "$TOOLS/check_markdown.py" "$out/r.md" --max-bytes 65536 "${cut[@]}" \
		>"$WORK/md.out" 2>&1; then
		fail "$name: the Markdown summary is wrong: $(head -5 "$WORK/md.out")"
	fi
	if ! grep -q '<!DOCTYPE html>' "$out/r.html" || ! grep -q '</html>' "$out/r.html"; then
		fail "$name: the HTML page is incomplete"
	fi
	gitlab_files+=("$out/r.json")
	checked=$((checked + 1))
done

# One process checks every GitLab report.
if ! "$PYTHON" "$TOOLS/check_gitlab.py" "${gitlab_files[@]}" >"$WORK/gitlab.out" 2>&1; then
	fail "GitLab reports rejected: $(head -10 "$WORK/gitlab.out")"
fi

[ "$checked" -gt 50 ] || fail "only $checked fixtures were checked"
echo "checked the outputs of $checked reports"
finish
