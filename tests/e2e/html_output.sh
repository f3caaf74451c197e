#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The HTML report as headless Chromium renders it: verdict and counts in the
# DOM, hostile scanner strings shown as text with no script run and no
# javascript: link, every finding of a 10,000-finding report present, and a
# screenshot kept as an artifact.
. "$(dirname "$0")/lib.sh"

CHECK="$ASSAY_SOURCE_DIR/tests/tools/check_html_report.py"
FIXTURE_PLUGINS="$ASSAY_BUILD_DIR/tests/fixture-plugins"
HOSTILE="$DATA/trivy/hostile-outputs.json"
APP="$DATA/json/trivy-app.json"
WORKER="$DATA/json/trivy-worker.json"
ARTIFACTS="$ASSAY_BUILD_DIR/artifacts"

if ! command -v chromium >/dev/null 2>&1; then
	echo "SKIP: chromium is not installed (apt-get install chromium)" >&2
	exit 77
fi

# chromium_run ARGS... URL: headless Chromium with its own profile and no
# name resolution, so nothing it does can reach another host.
chromium_run() {
	local profile
	profile=$(mktemp -d "$WORK/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile" "$@" \
		2>>"$WORK/chromium.log"
}

# dump_dom HTML DOM: the DOM after the page loaded and its script ran.
dump_dom() {
	if ! chromium_run --dump-dom "file://$1" >"$2" || [ ! -s "$2" ]; then
		fail "chromium could not render $1: $(tail -3 "$WORK/chromium.log")"
	fi
}

# check_dom DOM ARGS...: the checks of check_html_report.py.
check_dom() {
	if ! python3 "$CHECK" "$@"; then
		fail "$1: the rendered report is wrong (see above)"
	fi
}

# vulnerabilities REPORT SEVERITY [IGNORED_ID]: vulnerabilities of one severity in a Trivy report.
vulnerabilities() {
	jq --arg s "$2" --arg skip "${3:-}" \
		'[.Results[]?.Vulnerabilities // [] | .[] | select(.Severity == $s and .VulnerabilityID != $skip)] | length' "$1"
}


# run_checked ARGS...: run_assay, failing the test when a sanitizer reported
# an error, because its exit status 1 reads like a failed gate.
run_checked() {
	run_assay "$@"
	if grep -q 'Sanitizer' "$WORK/stderr"; then
		fail "a sanitizer reported an error in: assay $*: $(grep -m1 'Sanitizer' "$WORK/stderr")"
	fi
}
# --- Hostile strings, in findings and in sections; an ignored finding ---
# The fixture analyzer runs after the real ones, so its sections replace theirs.
cat >"$WORK/compliance.json" <<'EOF'
{"framework": "CIS Docker Benchmark", "controls": [
  {"id": "4.1", "title": "Create a user for the container", "status": "fail",
   "evidence": "<script>document.title='pwned-by-section'</script> USER is root"},
  {"id": "4.6", "title": "Add HEALTHCHECK", "status": "pass",
   "evidence": "javascript:document.title='pwned-by-evidence'"},
  {"id": "5.1", "title": "AppArmor profile", "status": "not assessed",
   "evidence": [{"type": "note", "value": "<img src=x onerror=alert(1)>"}]}]}
EOF
cat >"$WORK/quantum.json" <<'EOF'
{"score": 72.5, "components": [{"image": null, "component": "qiskit<b>", "score": 60}]}
EOF
cat >"$WORK/review.json" <<'EOF'
{"reviewer": "<script>document.title='pwned-by-key'</script>", "link": " https://example.com/review ",
 "<b>key</b>": "value"}
EOF
printf 'CVE-2031-1007 exp:2031-06-01\n' >"$WORK/trivyignore"
# Without the ignore analyzer (a build of the core and outputs only) nothing is ignored.
ignored_id=CVE-2031-1007
if [ ! -e "$ASSAY_PLUGIN_DIR/analyzer-ignore.so" ]; then
	echo "note: analyzer-ignore is not built; the hostile report has no ignored finding" >&2
	ignored_id=""
fi
run_checked run -i "trivy:$HOSTILE" -o "html:$WORK/hostile.html" --ignore-file "$WORK/trivyignore" \
	--plugin-path "$FIXTURE_PLUGINS" \
	--option "fixture-section=compliance=$WORK/compliance.json" \
	--option "fixture-section=quantum=$WORK/quantum.json" \
	--option "fixture-section=review=$WORK/review.json"
assert_eq 1 "$STATUS" "exit status of the hostile report, which contains a CRITICAL ($(cat "$WORK/stderr"))"
dump_dom "$WORK/hostile.html" "$WORK/hostile.dom"

title=$(jq -r '.Results[0].Vulnerabilities[] | select(.VulnerabilityID == "CVE-2031-1001") | .Title' "$HOSTILE")
markdown_title=$(jq -r '.Results[0].Vulnerabilities[] | select(.VulnerabilityID == "CVE-2031-1002") | .Title' "$HOSTILE")
package=$(jq -r '.Results[0].Vulnerabilities[] | select(.VulnerabilityID == "CVE-2031-1001") | .PkgName' "$HOSTILE")
rows=$(jq '[.Results[] | (.Vulnerabilities // []), (.Secrets // []) | .[]] | length' "$HOSTILE")
counts=()
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	counts+=(--count "vulnerability-$severity=$(vulnerabilities "$HOSTILE" "$severity" "$ignored_id")")
done
check_dom "$WORK/hostile.dom" --verdict FAILED --rows "$rows" "${counts[@]}" \
	--count "vulnerability-ignored=$([ -n "$ignored_id" ] && echo 1 || echo 0)" --count secret-CRITICAL=1 \
	--text "$title" --text "$markdown_title" --text "$package" \
	--text "<script>document.title='pwned-by-section'</script> USER is root" \
	--text "Create a user for the container" --text "<img src=x onerror=alert(1)>" \
	--text "qiskit<b>" --text "72.5" --text "<script>document.title='pwned-by-key'</script>" \
	--text "<b>key</b>" --text "javascript:document.title='pwned-by-link'" \
	--text "javascript:document.title='pwned-by-evidence'" \
	--no-text "Not assessed" --filters-shown
if ! grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" "$WORK/hostile.html"; then
	fail "the report has no Content-Security-Policy that forbids loading resources"
fi
# The check above already refuses any non-http(s) href; this names the case the report must survive.
if grep -qi 'href="[[:space:]]*javascript:' "$WORK/hostile.dom"; then
	fail "a javascript: URL became a link"
fi

# --- Two images, no compliance analyzer: per-image table and "not assessed"; the screenshot ---
run_checked run -i "trivy:$APP" -i "trivy:$WORKER" -o "html:$WORK/two.html"
assert_eq 1 "$STATUS" "exit status of two images with a CRITICAL over the default limit"
dump_dom "$WORK/two.html" "$WORK/two.dom"
app=$(jq -r '.ArtifactName' "$APP")
worker=$(jq -r '.ArtifactName' "$WORKER")
two_counts=()
for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
	two_counts+=(--count "vulnerability-$severity=$(($(vulnerabilities "$APP" "$severity") + $(vulnerabilities "$WORKER" "$severity")))")
done
check_dom "$WORK/two.dom" --verdict FAILED "${two_counts[@]}" \
	--text "$app" --text "$worker" --text "Critical vulnerabilities: 1 > 0" --filters-shown

mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS/html-report.png"
chromium_run --window-size=1280,2200 --hide-scrollbars --screenshot="$ARTIFACTS/html-report.png" \
	"file://$WORK/two.html" >/dev/null
if [ "$(head -c 8 "$ARTIFACTS/html-report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
	fail "no PNG screenshot at $ARTIFACTS/html-report.png"
elif [ "$(stat -c %s "$ARTIFACTS/html-report.png")" -lt 20000 ]; then
	fail "the screenshot is suspiciously small: a blank page?"
fi

# --- A clean report passes; an empty compliance section reads "not assessed" ---
echo '{}' >"$WORK/empty.json"
run_checked run -i "trivy:$DATA/json/trivy-clean.json" -o "html:$WORK/clean.html" \
	--plugin-path "$FIXTURE_PLUGINS" --option "fixture-section=compliance=$WORK/empty.json"
assert_eq 0 "$STATUS" "exit status of a report without findings"
dump_dom "$WORK/clean.html" "$WORK/clean.dom"
check_dom "$WORK/clean.dom" --verdict PASSED --rows 0 --count all-total=0 --text "No findings." \
	--text "Not assessed: no analyzer reported compliance results."

# --- 10,000 findings: every one is a row of the page ---
python3 - "$WORK/large.json" 10000 <<'EOF'
import json, sys
path, count = sys.argv[1], int(sys.argv[2])
severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
vulns = [{
    "VulnerabilityID": f"CVE-2032-{i:05d}",
    "PkgName": f"package-{i % 700}",
    "InstalledVersion": f"1.{i % 13}.{i % 7}",
    "FixedVersion": f"1.{i % 13}.{i % 7 + 1}" if i % 3 else "",
    "Status": "fixed" if i % 3 else "affected",
    "PrimaryURL": f"https://avd.aquasec.com/nvd/cve-2032-{i:05d}",
    "Title": f"generated finding {i} <b>not bold</b>",
    "Severity": severities[i % 5],
} for i in range(count)]
report = {"SchemaVersion": 2, "ArtifactName": "registry.example.com/large:1", "ArtifactType": "container_image",
          "Results": [{"Target": "registry.example.com/large:1 (debian 12.5)", "Class": "os-pkgs",
                       "Type": "debian", "Vulnerabilities": vulns}]}
with open(path, "w") as f:
    json.dump(report, f)
EOF
run_checked run -i "trivy:$WORK/large.json" -o "html:$WORK/large.html"
assert_eq 1 "$STATUS" "exit status of the 10,000-finding report"
dump_dom "$WORK/large.html" "$WORK/large.dom"
check_dom "$WORK/large.dom" --verdict FAILED --rows 10000 --count all-total=10000 \
	--count vulnerability-CRITICAL=2000 --text "generated finding 9999 <b>not bold</b>" \
	--text "10000 of 10000 shown" --filters-shown

# --- Every shared fixture, one page per scanner folder ---
if [ -d "$FIXTURES" ]; then
	for folder in "$FIXTURES"/*/; do
		name=$(basename "$folder")
		inputs=()
		for file in "$folder"*; do
			# A fixture assay rejects on its own is left out; input tests cover those.
			# json_schema_fixtures.sh checks the probe's analysis against the schema.
			if "$ASSAY" run -i "$file" -o "json:$WORK/probe.json" >/dev/null 2>&1 ||
				[ $? -eq 1 ]; then
				inputs+=(-i "$file")
			fi
		done
		if [ "${#inputs[@]}" -eq 0 ]; then
			continue
		fi
		run_checked run "${inputs[@]}" -o "html:$WORK/$name.html" -o "json:$WORK/$name.json"
		if [ "$STATUS" -gt 1 ]; then
			fail "the fixtures of $name together failed: $(cat "$WORK/stderr")"
			continue
		fi
		dump_dom "$WORK/$name.html" "$WORK/$name.dom"
		expected_rows=$(jq '[.vulnerabilities, .misconfigurations, .secrets, .licenses | .[]] | length' "$WORK/$name.json")
		verdict=$([ "$STATUS" -eq 0 ] && echo PASSED || echo FAILED)
		check_dom "$WORK/$name.dom" --verdict "$verdict" --rows "$expected_rows" --filters-shown
	done
else
	echo "note: $FIXTURES not found; the shared fixtures are not rendered" >&2
fi

finish
