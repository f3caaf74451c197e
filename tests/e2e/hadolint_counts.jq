# SPDX-License-Identifier: Apache-2.0
# Severity counts of a hadolint report, computed from the report alone:
# error is HIGH, warning MEDIUM, info and style LOW, any other level
# UNKNOWN. Entries that repeat the same code, file and line count once, at
# the highest severity among them.
def rank:
  (.level // "") | ascii_downcase
  | if . == "error" then 3
    elif . == "warning" then 2
    elif . == "info" or . == "style" then 1
    else 0 end;

["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as $names
| group_by([.code, .file, (.line // 0)])
| map(map(rank) | max)
| reduce .[] as $rank ({CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0};
                       .[$names[$rank]] += 1)
