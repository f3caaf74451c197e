-- SPDX-License-Identifier: Apache-2.0
-- Reviewed exceptions, each with a reason, an owner and an expiry date.
--
-- What it changes (through the ignore analyzer, which reads `ignore`):
--   * CVE-2031-0003 in zlibx is ignored until 2099-12-31: no fix exists,
--     and the code path is not reachable;
--   * the rule for CVE-2031-0002 expired on 2020-01-01 (a rule stops at
--     00:00 UTC on its expiry date, as in Trivy), so that finding counts
--     again and the gate shows it;
--   * ignore_requires makes a rule without reason, owner or expiry an
--     error, so nobody adds a silent, permanent exception.

ignore_requires = { "reason", "owner", "expires" }

ignore = {
  {
    id = "CVE-2031-0003",
    package = "zlibx",
    reason = "no fix released; inflate is never called on untrusted input",
    owner = "platform-team@example.com",
    expires = "2099-12-31",
  },
  {
    id = "CVE-2031-0002",
    reason = "waiting for the base image rebuild",
    owner = "platform-team@example.com",
    expires = "2020-01-01",
  },
}
