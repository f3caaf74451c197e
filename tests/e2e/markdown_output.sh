#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Markdown summary as GitHub's parser (cmark-gfm) reads it: hostile
# cells keep every table intact and inject no markup or link, and a
# 100,000-finding report stays under the 65,536-character comment limit.
. "$(dirname "$0")/lib.sh"

CHECK="$ASSAY_SOURCE_DIR/tests/tools/check_markdown.py"
HOSTILE="$DATA/trivy/hostile-outputs.json"
APP="$DATA/json/trivy-app.json"
WORKER="$DATA/json/trivy-worker.json"

if ! command -v cmark-gfm >/dev/null 2>&1; then
	echo "SKIP: cmark-gfm is not installed (apt-get install cmark-gfm)" >&2
	exit 77
fi

# check_summary FILE ARGS...: the checks of check_markdown.py.
check_summary() {
	if ! python3 "$CHECK" "$@"; then
		fail "$1: the summary is wrong (see above)"
	fi
}

# title ID: the title of a vulnerability of the hostile report.
title() {
	jq -r --arg id "$1" '.Results[].Vulnerabilities // [] | .[] | select(.VulnerabilityID == $id) | .Title' "$HOSTILE"
}


# run_checked ARGS...: run_assay, failing the test when a sanitizer reported
# an error, because its exit status 1 reads like a failed gate.
run_checked() {
	run_assay "$@"
	if grep -q 'Sanitizer' "$WORK/stderr"; then
		fail "a sanitizer reported an error in: assay $*: $(grep -m1 'Sanitizer' "$WORK/stderr")"
	fi
}
# --- Hostile cells ---
run_checked run -i "trivy:$HOSTILE" -o "markdown:$WORK/hostile.md"
assert_eq 1 "$STATUS" "exit status of the hostile report ($(cat "$WORK/stderr"))"
rows=$(jq '[.Results[] | (.Vulnerabilities // []), (.Secrets // []) | .[]] | length' "$HOSTILE")
package=$(jq -r '.Results[0].Vulnerabilities[0].PkgName' "$HOSTILE")
check_summary "$WORK/hostile.md" --rows "$rows" --descending \
	--row "CVE-2031-1001=$(title CVE-2031-1001)" \
	--row "CVE-2031-1002=$(title CVE-2031-1002)" \
	--row "CVE-2031-1003=$(title CVE-2031-1003)" \
	--row "CVE-2031-1005=$(title CVE-2031-1005)" \
	--row "CVE-2031-1001=$package" \
	--links 2 --link "CVE-2031-1005=HTTPS://EXAMPLE.COM/UPPER" \
	--link 'CVE-2031-1004=https://example.com/advisory?a=1&b=%22x%22&c=%3Cy%3E'
if ! grep -q '^## .* assay: FAILED$' "$WORK/hostile.md"; then
	fail "the verdict heading is missing"
fi

# --- Counts and violations of a known report ---
run_checked run -i "trivy:$APP" -i "trivy:$WORKER" -o "markdown:$WORK/two.md"
assert_eq 1 "$STATUS" "exit status of two images with a CRITICAL over the default limit"
check_summary "$WORK/two.md" --descending
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	expected=$(jq -s --arg s "$severity" '[.[].Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s)] | length' "$APP" "$WORKER")
	column=$(head -c 2000 "$WORK/two.md" | awk -F'|' -v s=" $severity " '/^\| Kind /{for (i = 1; i <= NF; i++) if ($i == s) c = i} /^\| vulnerability /{print $c + 0}')
	assert_eq "$expected" "$column" "vulnerabilities of severity $severity in the counts table"
done
if ! grep -q 'Critical vulnerabilities\\: 1 &gt; 0 |$' "$WORK/two.md"; then
	fail "the failed critical check is not among the violations"
fi

# --- 100,000 findings: cut to size, the most severe kept, the cut counted ---
python3 - "$WORK/huge.json" 100000 <<'PY'
import json, sys
path, count = sys.argv[1], int(sys.argv[2])
severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
vulns = [{
    "VulnerabilityID": f"CVE-2033-{i:06d}",
    "PkgName": f"package-{i % 900}",
    "InstalledVersion": f"1.{i % 11}",
    "Title": f"title {i} | with a pipe and <b>markup</b>",
    "Severity": severities[(i * 7) % 5],
} for i in range(count)]
report = {"SchemaVersion": 2, "ArtifactName": "registry.example.com/huge:1", "ArtifactType": "container_image",
          "Results": [{"Target": "registry.example.com/huge:1 (debian 12.5)", "Class": "os-pkgs",
                       "Type": "debian", "Vulnerabilities": vulns}]}
with open(path, "w") as f:
    json.dump(report, f, separators=(",", ":"))
PY
run_checked run -i "trivy:$WORK/huge.json" -o "markdown:$WORK/huge.md"
assert_eq 1 "$STATUS" "exit status of the 100,000-finding report"
check_summary "$WORK/huge.md" --max-bytes 65536 --cut --total 100000 --descending
characters=$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$WORK/huge.md")
if [ "$characters" -ge 65536 ]; then
	fail "the summary of 100,000 findings has $characters characters"
fi

finish
