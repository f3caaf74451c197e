-- SPDX-License-Identifier: Apache-2.0
-- Strict rules for images that ship quantum-computing frameworks, whose
-- credentials (cloud QPU tokens) and job data make a compromise costly.
--
-- What it changes:
--   * quantum_packages adds two in-house packages to the built-in list
--     (qiskit*, pennylane*, cirq* ...), so the quantum analyzer tags their
--     findings "quantum" too;
--   * verdict fails the gate for every HIGH or CRITICAL vulnerability in a
--     quantum package that is not ignored, whatever the thresholds allow;
--   * recommend adds one recommendation per quantum package that has a fix.

quantum_packages = {
  extend = { "acme-qpu-client", "acme-circuits*" },
}

-- The built-in list and the additions as Lua patterns, so the verdict does
-- not depend on the quantum analyzer having run first.
local globs = {
  "qiskit*", "pennylane*", "cirq*", "amazon-braket*", "pyquil", "pytket*", "qsharp",
  "azure-quantum", "strawberryfields", "dwave-ocean-sdk",
}
for _, glob in ipairs(quantum_packages.extend) do
  globs[#globs + 1] = glob
end

local function glob_to_pattern(glob)
  local escaped = glob:gsub("[%^%$%(%)%%%.%[%]%+%-%?]", "%%%0")
  return "^" .. escaped:gsub("%*", ".*") .. "$"
end

local patterns = {}
for i, glob in ipairs(globs) do
  patterns[i] = glob_to_pattern(glob)
end

local function is_quantum(f)
  if f.package == assay.null then
    return false
  end
  local name = f.package:lower()
  for _, pattern in ipairs(patterns) do
    if name:match(pattern) then
      return true
    end
  end
  return false
end

function verdict(report)
  local violations = {}
  for _, f in ipairs(report.findings) do
    if f.kind == "vulnerability" and not f.ignored and is_quantum(f)
        and assay.severity_rank(f.severity) >= assay.severity_rank("HIGH") then
      violations[#violations + 1] = string.format(
        "%s %s in quantum package %s %s", f.severity, f.id, f.package, f.version)
    end
  end
  return violations
end

function recommend(report)
  local seen, out = {}, {}
  for _, f in ipairs(report.findings) do
    if is_quantum(f) and f.fixed_version ~= assay.null and not seen[f.package] then
      seen[f.package] = true
      out[#out + 1] = {
        category = "Quantum",
        priority = "HIGH",
        text = string.format("Upgrade %s to %s", f.package, f.fixed_version),
        rationale = "Quantum frameworks hold QPU credentials and job data.",
      }
    end
  end
  return out
end
