# SPDX-License-Identifier: Apache-2.0
# Severity counts of a Grype report, computed from the report alone, as
# assay should count them: matches that repeat the same vulnerability id,
# package name, version and first location count once, at the highest
# severity among them; Negligible is LOW and a missing or unrecognized
# severity is UNKNOWN. Releases before 0.7 wrote a bare array of matches.
def rank:
  (.vulnerability.severity // "") | ascii_downcase
  | if . == "critical" then 4
    elif . == "high" then 3
    elif . == "medium" or . == "moderate" then 2
    elif . == "low" or . == "negligible" then 1
    else 0 end;

["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as $names
| (if type == "array" then . else (.matches // []) end)
| group_by([.vulnerability.id, .artifact.name, (.artifact.version // ""),
            (.artifact.locations[0].path // "")])
| map(map(rank) | max)
| reduce .[] as $rank ({CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0};
                       .[$names[$rank]] += 1)
