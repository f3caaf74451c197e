-- SPDX-License-Identifier: Apache-2.0
-- Only images from approved registries pass.
--
-- What it changes:
--   * the gate fails for every scanned image whose name, or one of whose
--     tags, does not start with an approved prefix;
--   * ASSAY_APPROVED_REGISTRIES (comma-separated prefixes) replaces the
--     list below, so one policy serves several teams.
-- Findings, thresholds and recommendations stay as they are.

local approved = { "registry.example.com/shop/", "docker.io/library/" }

local from_env = os.getenv("ASSAY_APPROVED_REGISTRIES")
if from_env and from_env ~= "" then
  approved = {}
  for prefix in from_env:gmatch("[^,%s]+") do
    approved[#approved + 1] = prefix
  end
end

local function is_approved(reference)
  for _, prefix in ipairs(approved) do
    if reference:sub(1, #prefix) == prefix then
      return true
    end
  end
  return false
end

function verdict(report)
  local violations = {}
  for _, image in ipairs(report.images) do
    local references = { image.name }
    for _, tag in ipairs(image.repo_tags) do
      references[#references + 1] = tag
    end
    for _, reference in ipairs(references) do
      if not is_approved(reference) then
        violations[#violations + 1] = string.format(
          "image %s: %s is not from an approved registry (%s)",
          image.name, reference, table.concat(approved, ", "))
        break
      end
    end
  end
  return violations
end
