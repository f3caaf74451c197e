#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every real SARIF log of the shared fixtures: assay reads it, and the number
# of findings and their severities match counts that jq derives from the log
# with the rules of docs/scanners.md ("SARIF").
. "$(dirname "$0")/lib.sh"

require_fixtures sarif

# The jq model of the mapping: which results are findings, their kind, id,
# package and place (the parts of assay's merge key) and their severity.
# Results with one merge key are one finding with the highest severity.
cat >"$WORK/model.jq" <<'EOF'
def lc: ascii_downcase;
def field($text; $key):
  if $text == null then null
  else [$text | split("\n")[] | sub("^[ \t\r]+"; "")
        | select(startswith($key + ":")) | .[($key | length) + 1:]
        | sub("^[ \t\r]+"; "") | sub("[ \t\r]+$"; "")] | first
  end;
def grype($text):
  if $text == null then null
  else [$text | capture(" package: (?<name>[^\n]+?), version (?<version>[^\n]+?) was found")] | first
  end;
def advisory($id):
  [$id | capture("^(?<a>CVE-[0-9]{4}-[0-9]{4,}|GHSA(-[0-9a-z]{4}){3})(-|$)"; "i").a] | first;
def band($s):
  if $s >= 9 then "CRITICAL" elif $s >= 7 then "HIGH" elif $s >= 4 then "MEDIUM"
  elif $s > 0 then "LOW" else "UNKNOWN" end;
def level_severity($l):
  {"error": "HIGH", "warning": "MEDIUM", "note": "LOW"}[$l] // "UNKNOWN";
def resolve($bases; $uri; $base; $depth):
  if $base == null or ($uri | test("^/|^[A-Za-z][A-Za-z0-9+.-]+:")) or $bases[$base].uri == null
     or $depth > 8
  then $uri
  else resolve($bases; ($bases[$base].uri | if endswith("/") or . == "" then . else . + "/" end) + $uri;
               $bases[$base].uriBaseId; $depth + 1)
  end;
def to_path:
  if . == null then null
  elif test("^file://localhost/"; "i") then .[16:]
  elif test("^file:///"; "i") then .[7:]
  elif test("^file:"; "i") and (test("^file://"; "i") | not) then .[5:]
  else . end;
def normalized: (. // "") | sub("^(/|\\./)+"; "");
def rank: {"UNKNOWN": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}[.];

[ (.runs // [])[] as $run
  | ($run.tool.driver.name) as $tool
  | ($tool | lc | test("gitleaks|trufflehog|ggshield|secret")) as $secret_tool
  | ($run.properties.imageName // ([($run.results // [])[0].message.text // ""
        | capture(" was found in image (?<i>[^ \n]+)").i] | first) // $tool) as $image
  | (if $run.properties.imageName then $run.properties.imageID // $image else $image end) as $image_key
  | ($run.originalUriBaseIds // {}) as $bases
  | ($run.results // [])[]
  | select((.kind // "fail") as $k | ["pass", "notApplicable", "informational"] | index($k) | not)
  | . as $r
  | (if ($r.rule.toolComponent.index // -1) >= 0 then $run.tool.extensions[$r.rule.toolComponent.index]
     elif $r.rule.toolComponent.name then
       [$run.tool.extensions[] | select(.name == $r.rule.toolComponent.name)] | first
     else $run.tool.driver end) as $component
  | (if ($r.rule.index // -1) >= 0 then $r.rule.index else $r.ruleIndex // -1 end) as $index
  | ($r.ruleId // $r.rule.id) as $rule_id
  | (if $index >= 0 then $component.rules[$index]
     elif $rule_id != null then
       ([$component.rules // [] | .[] | select(.id == $rule_id)] | first)
       // ([$component.rules // [] | .[] | select(.id == ($rule_id | split("/")[0]))] | first)
     else null end) as $rule
  | ($rule_id // $rule.id // $tool) as $id
  | ((($rule.properties.tags // []) + ($r.properties.tags // [])) | map(lc)) as $tags
  | ($r.message.text
     // $rule.messageStrings[$r.message.id // ""].text
     // $component.globalMessageStrings[$r.message.id // ""].text
     // $run.tool.driver.globalMessageStrings[$r.message.id // ""].text) as $message
  | ($rule.help.text) as $help
  | (field($help; "Package") != null) as $help_package
  | grype($message) as $g
  | (field($message; "Package") // $g.name // field($message; "PkgName")
     // field($help; "Package")) as $package
  | (field($message; "Installed Version") // $g.version // field($help; "Installed Version")
     // (if $help_package then field($help; "Version") else null end)) as $version
  | (if $secret_tool or ($tags | index("secret")) or ($tags | index("secrets")) then "secret"
     elif $tags | index("license") then "license"
     elif $tags | index("misconfiguration") then "misconfiguration"
     elif ($tags | index("vulnerability")) or advisory($id) != null or $package != null
          or $rule.properties.purls[0] != null then "vulnerability"
     else "misconfiguration" end) as $kind
  | (if $kind == "vulnerability" then advisory($id) // $id else $id end) as $finding_id
  | (if $kind == "vulnerability" or $kind == "license" then $package else null end) as $pkg_name
  | (if $kind == "vulnerability" and $version != "" then $version else null end) as $pkg_version
  | (if $kind == "vulnerability" and $help_package then field($help; "Location") else null end
     | if . == "" then null else . end) as $pkg_path
  | ($r.locations // [] | .[0].physicalLocation) as $physical
  | ($physical.artifactLocation // {}) as $artifact
  | (if $artifact.uri then $artifact
     elif ($artifact.index // -1) >= 0 then $run.artifacts[$artifact.index].location
     else null end) as $file_location
  | (if $file_location.uri then resolve($bases; $file_location.uri; $file_location.uriBaseId; 0) | to_path
     else null end) as $file
  | ($physical.region.startLine // 0) as $line
  | ($r.properties["security-severity"] // $rule.properties["security-severity"]) as $score
  | (if $score != null then band($score | tostring | tonumber)
     else level_severity($r.level
          // (if ($r.kind // "fail") != "fail" then "none" else null end)
          // $rule.defaultConfiguration.level // "warning") end) as $severity
  | {
      key: ([$kind, $finding_id, $pkg_name // "", $pkg_version // "", $image_key]
            + (if $kind == "vulnerability" and $pkg_name != null then [$pkg_path | normalized]
               else [($file // $pkg_path) | normalized, $line] end) | tojson),
      severity: $severity
    }
]
| group_by(.key)
| map(max_by(.severity | rank).severity)
| {
    total: length,
    CRITICAL: map(select(. == "CRITICAL")) | length,
    HIGH: map(select(. == "HIGH")) | length,
    MEDIUM: map(select(. == "MEDIUM")) | length,
    LOW: map(select(. == "LOW")) | length,
    UNKNOWN: map(select(. == "UNKNOWN")) | length
  }
EOF

checked=0
for log in "$FIXTURES"/sarif/*; do
	name=$(basename "$log")
	rm -f "$WORK/out.json"
	run_assay run -i "sarif:$log" -o "json:$WORK/out.json" \
		--threshold-critical 1000000 --threshold-high 1000000 \
		--threshold-medium 1000000 --threshold-low 1000000
	assert_eq 0 "$STATUS" "$name: exit status ($(head -c 300 "$WORK/stderr"))"
	if [ ! -s "$WORK/out.json" ]; then
		fail "$name: no JSON analysis written"
		continue
	fi

	if ! expected=$(jq -c -f "$WORK/model.jq" "$log"); then
		fail "$name: the jq model failed"
		continue
	fi
	assert_eq "$(jq '.total' <<<"$expected")" "$(jq '.summary.total_findings' "$WORK/out.json")" \
		"$name: total_findings"
	for severity in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
		assert_eq "$(jq --arg s "$severity" '.[$s]' <<<"$expected")" \
			"$(jq --arg s "$severity" '[.summary.by_kind[].severity_breakdown[$s]] | add // 0' \
				"$WORK/out.json")" \
			"$name: $severity findings over all kinds"
	done
	checked=$((checked + 1))
done

if [ "$checked" -eq 0 ]; then
	fail "no SARIF log found in $FIXTURES/sarif"
fi
finish
