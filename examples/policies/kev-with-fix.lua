-- SPDX-License-Identifier: Apache-2.0
-- Known-exploited vulnerabilities that have a fix must be fixed now.
--
-- What it changes:
--   * the gate fails for every vulnerability that is not ignored, is known
--     to be exploited and has a fixed version, whatever its severity and
--     whatever the thresholds allow. known_exploited comes from CISA's Known
--     Exploited Vulnerabilities catalog in Grype reports, and from a mature
--     exploit in Snyk reports; other scanners leave it unknown;
--   * a known-exploited vulnerability without a fix does not fail the gate
--     here: the thresholds still count it.

function verdict(report)
  local violations = {}
  for _, f in ipairs(report.findings) do
    if f.kind == "vulnerability" and not f.ignored and f.known_exploited == true
        and #f.fixed_versions > 0 then
      violations[#violations + 1] = string.format(
        "%s in %s %s is known to be exploited and fixed in %s: upgrade now",
        f.id, f.package, f.version, f.fixed_version)
    end
  end
  return violations
end
