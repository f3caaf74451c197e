#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The JUnit output: valid against the Ant JUnit schema, a test suite per
# image, a test case per gate check that fails only where the gate fails,
# and strings that stay well-formed XML whatever the scanner wrote.
. "$(dirname "$0")/lib.sh"

SCHEMA="$ASSAY_SHARED_DIR/schemas/junit.xsd"
IMAGE="$DATA/ci-reports/trivy-web-image.json"

if ! command -v xmllint >/dev/null; then
	echo "SKIP: xmllint is not installed (apt-get install libxml2-utils)" >&2
	exit 77
fi
if [ ! -f "$SCHEMA" ]; then
	echo "NOTE: $SCHEMA not found; checking well-formedness only, without the JUnit schema" >&2
fi

# check_junit FILE: well-formed XML, and valid against the schema when it is present.
check_junit() {
	if [ -f "$SCHEMA" ]; then
		xmllint --noout --schema "$SCHEMA" "$1" 2>"$WORK/xmllint" || fail "$1 is not valid JUnit XML: $(head -c 500 "$WORK/xmllint")"
	else
		xmllint --noout "$1" 2>"$WORK/xmllint" || fail "$1 is not well-formed XML: $(head -c 500 "$WORK/xmllint")"
	fi
}

# xpath FILE EXPR: the string value of an XPath expression.
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# count_severity SEVERITY: vulnerabilities of one severity in the web image report.
count_severity() {
	jq --arg s "$1" '[.Results[].Vulnerabilities // [] | .[] | select(.Severity == $s)] | length' "$IMAGE"
}

# --- One image with the default limits (critical 0, high 5, medium 20, low 50) ---
run_assay run -i "trivy:$IMAGE" -o "junit:$WORK/web.xml"
J="$WORK/web.xml"
check_junit "$J"
critical=$(count_severity CRITICAL)
[ "$critical" -gt 0 ] || fail "fixture: the web image needs a critical vulnerability"
assert_eq 1 "$STATUS" "exit status when the gate fails"
assert_eq "threshold.critical threshold.high threshold.low threshold.medium" \
	"$(xpath "$J" '//testsuite[@name="assay"]/testcase/@name' | tr ' ' '\n' | sed -n 's/^name="\(.*\)"$/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"one test case per check of the run"
assert_eq 1 "$(xpath "$J" 'count(//testcase[failure])')" "failed test cases"
assert_eq threshold.critical "$(xpath "$J" 'string(//testcase[failure]/@name)')" "the failed check"
assert_eq thresholds "$(xpath "$J" 'string(//failure/@type)')" "failure type: the analyzer that added the check"
assert_eq 1 "$(xpath "$J" 'string(//testsuite[@name="assay"]/@failures)')" "failures attribute"
assert_eq 4 "$(xpath "$J" 'string(//testsuite[@name="assay"]/@tests)')" "tests attribute"
body=$(xpath "$J" 'string(//failure)')
case "$body" in
*"count $critical, limit 0"*"CVE-2032-1001 CRITICAL libssl3 3.0.11-1 (fixed in 3.0.13-1)"*) ;;
*) fail "failure body without the count, the limit and the finding: $body" ;;
esac
case "$body" in
*CVE-2032-1002*) fail "failure body lists a HIGH finding under the critical check" ;;
esac
assert_eq "registry.example.com/team/web:2.3.1" "$(xpath "$J" 'string(//testsuite[2]/@name)')" "a suite for the image"
assert_eq "0 1" "$(xpath "$J" 'string(//testsuite[1]/@id)') $(xpath "$J" 'string(//testsuite[2]/@id)')" "suite ids count from 0"

# Under every limit nothing fails, and the test case names stay the same.
run_assay run -i "trivy:$IMAGE" -o "junit:$WORK/pass.xml" --threshold-critical 100 --threshold-high 100
assert_eq 0 "$STATUS" "exit status under every limit"
check_junit "$WORK/pass.xml"
assert_eq 0 "$(xpath "$WORK/pass.xml" 'count(//failure)')" "failures under every limit"
assert_eq "$(xpath "$J" '//testcase/@name')" "$(xpath "$WORK/pass.xml" '//testcase/@name')" "test case names do not depend on counts"

# --- Two images with hostile names: per-image suites, escaped strings ---
hostile=$'evil]]><x a="1" b=\'2\'> & \x01\x1b[31m:tag'
jq --arg name "$hostile" '.ArtifactName = $name | .Metadata.ImageID = "sha256:\("7" * 64)" | .Metadata.RepoTags = [$name]' "$IMAGE" >"$WORK/hostile.json"
run_assay run -i "trivy:$IMAGE" -i "trivy:$WORK/hostile.json" -o "junit:$WORK/two.xml"
check_junit "$WORK/two.xml"
assert_eq 3 "$(xpath "$WORK/two.xml" 'count(//testsuite)')" "suites: the run and two images"
assert_eq 4 "$(xpath "$WORK/two.xml" 'count(//testsuite[@name="registry.example.com/team/web:2.3.1"]/testcase)')" \
	"per-image checks in the image's suite"
expected_name=$'evil]]><x a="1" b=\'2\'> & \xef\xbf\xbd\xef\xbf\xbd[31m:tag'
got_name=$(xpath "$WORK/two.xml" 'string(//testsuite[3]/@name)')
assert_eq "$expected_name" "$got_name" "hostile image name survives, control characters replaced"
case "$(xpath "$WORK/two.xml" 'string(//testsuite[3]//failure)')" in
*'(image evil]]><x a="1"'*) ;;
*) fail "failure message of the hostile image lost its name" ;;
esac
if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f]' "$WORK/two.xml"; then
	fail "control characters that XML 1.0 forbids reached the file"
fi

# Hostile finding text in a failure body stays text.
jq '.Results[0].Vulnerabilities[0].PkgName = "lib]]>ssl<&\u0002"' "$IMAGE" >"$WORK/pkg.json"
run_assay run -i "trivy:$WORK/pkg.json" -o "junit:$WORK/pkg.xml"
check_junit "$WORK/pkg.xml"
case "$(xpath "$WORK/pkg.xml" 'string(//failure)')" in
*$'lib]]>ssl<&\xef\xbf\xbd 3.0.11-1'*) ;;
*) fail "hostile package name in the failure body: $(xpath "$WORK/pkg.xml" 'string(//failure)')" ;;
esac

# --- Ignored findings become skipped test cases with the reason ---
printf 'CVE-2032-1003\n' >"$WORK/.trivyignore"
run_assay run -i "trivy:$IMAGE" --ignore-file "$WORK/.trivyignore" -o "json:$WORK/ignored.json" -o "junit:$WORK/ignored.xml" --no-fail
if [ "$STATUS" -eq 0 ] && [ "$(jq '[.vulnerabilities[] | select(.ignored)] | length' "$WORK/ignored.json")" = 1 ]; then
	check_junit "$WORK/ignored.xml"
	assert_eq 1 "$(xpath "$WORK/ignored.xml" 'count(//testcase[skipped])')" "skipped test cases"
	case "$(xpath "$WORK/ignored.xml" 'string(//testcase[skipped]/@name)')" in
	"vulnerability CVE-2032-1003 in zlib1g"*) ;;
	*) fail "name of the skipped test case: $(xpath "$WORK/ignored.xml" 'string(//testcase[skipped]/@name)')" ;;
	esac
	assert_eq 1 "$(xpath "$WORK/ignored.xml" 'string(//testsuite[@name="registry.example.com/team/web:2.3.1"]/@skipped)')" \
		"skipped attribute of the image suite"
	[ -n "$(xpath "$WORK/ignored.xml" 'string(//skipped/@message)')" ] || fail "skipped without a reason"
else
	echo "NOTE: --ignore-file did not ignore CVE-2032-1003 (status $STATUS); the skipped checks did not run" >&2
fi

finish
