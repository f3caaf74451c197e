-- SPDX-License-Identifier: Apache-2.0
-- Branch-dependent thresholds. The branch comes from the CI's environment:
-- ctx.branch is GITHUB_HEAD_REF, GITHUB_REF_NAME, CI_COMMIT_REF_NAME or
-- BRANCH_NAME, the first one set.
--
-- What it changes:
--   * on main and on release/* branches: no CRITICAL or HIGH vulnerability
--     is allowed, at most 5 MEDIUM, and no HIGH or CRITICAL secret;
--   * on every other branch the limits of the command line (or the
--     defaults 0, 5, 20, 50) apply, except that LOW is not gated at all;
--   * ASSAY_STRICT=1 in the environment applies the main-branch limits on
--     any branch, for example in a nightly job.

local strict = {
  critical = 0,
  high = 0,
  medium = 5,
  secret = { critical = 0, high = 0 },
}

local function is_protected(branch)
  if branch == assay.null then
    return false
  end
  return branch == "main" or branch:match("^release/") ~= nil
end

function thresholds_for(summary, ctx)
  if os.getenv("ASSAY_STRICT") == "1" or is_protected(ctx.branch) then
    return strict
  end
  -- Returning a table overrides only the keys it sets.
  return { low = "none" }
end
