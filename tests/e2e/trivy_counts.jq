# SPDX-License-Identifier: Apache-2.0
# Counts a Trivy JSON report by hand, for the end-to-end tests to compare
# with assay's JSON analysis: vulnerabilities by severity and findings by kind.
#
# Every layout Trivy writes: a SchemaVersion 2 report, the list of results
# from before it, null, [], and `trivy k8s` reports (Resources, Findings, or
# the legacy Vulnerabilities and Misconfigurations lists of resources).
# A k8s resource is a place of its own, named namespace/kind/name.
# Vulnerability entries that repeat the same place, VulnerabilityID,
# PkgName, InstalledVersion, Target and PkgPath count once, at the highest
# of their severities. Misconfigurations count unless their Status is PASS
# or EXCEPTION. Entries without an id are left out, as assay leaves them out.

def resource_name: [.Namespace, .Kind, .Name] | map(select(type == "string" and . != "")) | join("/");

def placed_results:
  if type == "array" then .[] | {place: "", result: .}
  elif type == "object" and (has("ClusterName") or has("Resources") or has("Findings")) then
    ((.Resources // []), (.Findings // []), (.Vulnerabilities // []), (.Misconfigurations // []))[]
    | resource_name as $place | (.Results // [])[] | {place: $place, result: .}
  elif type == "object" then (.Results // [])[] | {place: "", result: .}
  else empty end;

def rank: (. // "" | ascii_upcase) as $word
  | {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "MODERATE": 2, "LOW": 1, "NEGLIGIBLE": 1}[$word] // 0;

def has_id($key): (.[$key] // "") != "";

[placed_results] as $results
| ([$results[] | .place as $place | .result.Target as $target
    | (.result.Vulnerabilities // [])[] | select(has_id("VulnerabilityID"))
    | {key: [$place, .VulnerabilityID, .PkgName, .InstalledVersion, $target, .PkgPath],
       rank: (.Severity | rank)}]
   | group_by(.key) | map(max_by(.rank).rank)) as $vulnerabilities
| {
    vulnerability: ($vulnerabilities | length),
    CRITICAL: ([$vulnerabilities[] | select(. == 4)] | length),
    HIGH: ([$vulnerabilities[] | select(. == 3)] | length),
    MEDIUM: ([$vulnerabilities[] | select(. == 2)] | length),
    LOW: ([$vulnerabilities[] | select(. == 1)] | length),
    UNKNOWN: ([$vulnerabilities[] | select(. == 0)] | length),
    misconfiguration: ([$results[] | (.result.Misconfigurations // [])[]
      | select(.Status != "PASS" and .Status != "EXCEPTION") | select(has_id("ID"))] | length),
    secret: ([$results[] | (.result.Secrets // [])[] | select(has_id("RuleID"))] | length),
    license: ([$results[] | (.result.Licenses // [])[] | select(has_id("Name"))] | length)
  }
