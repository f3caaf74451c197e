-- SPDX-License-Identifier: Apache-2.0
-- Recommendations of the organization, added to the built-in ones.
--
-- What it changes:
--   * for every image whose config runs as root (config_user empty), a
--     HIGH recommendation to set a USER;
--   * when any secret is found, a CRITICAL recommendation to rotate it,
--     naming how many there are;
--   * one MEDIUM recommendation listing the packages that have fixes, so
--     a single rebuild ticket can be filed.
-- It changes no finding and no check: the verdict stays the same.

function recommend(report)
  local out = {}

  for _, image in ipairs(report.images) do
    if image.config_user == "" then
      out[#out + 1] = {
        category = "Hardening",
        priority = "HIGH",
        text = "Run " .. image.name .. " as a non-root USER",
        rationale = "The image config sets no USER, so its processes run as root.",
      }
    end
  end

  local secrets = report.summary.by_kind.secret.total
  if secrets > 0 then
    out[#out + 1] = {
      category = "Secrets",
      priority = "CRITICAL",
      text = string.format("Rotate the %d exposed secret(s) and remove them from the image", secrets),
      rationale = "A secret baked into an image is readable by anyone who can pull it.",
    }
  end

  local fixable, seen = {}, {}
  for _, f in ipairs(report.findings) do
    if f.kind == "vulnerability" and not f.ignored and f.fix_state == "fixed"
        and not seen[f.package] then
      seen[f.package] = true
      fixable[#fixable + 1] = f.package
    end
  end
  if #fixable > 0 then
    table.sort(fixable)
    out[#out + 1] = {
      category = "Patching",
      priority = "MEDIUM",
      text = "Rebuild with fixed versions of: " .. table.concat(fixable, ", "),
      rationale = "Each of these packages has a released fix.",
    }
  end
  return out
end
