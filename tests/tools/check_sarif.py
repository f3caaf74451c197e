#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Check SARIF files against the SARIF 2.1.0 schema and GitHub code scanning's rules.

Usage: check_sarif.py [--schema SCHEMA] FILE...

Without --schema only GitHub's rules are checked. GitHub's rules, from its
"SARIF support for code scanning" page and its upload limits: at most 20
runs and 25,000 results and rules per run, at most 20 tags per rule,
security-severity a number from 0.0 to 10.0, and for every result a rule id
that a rule defines, at least one location whose artifact URI is relative
(a URI with a scheme such as "alpine:3.19" is rejected) and a region with
startLine >= 1. assay adds its own promises: exactly one location, a
ruleIndex that points at the rule, unique rule ids, partialFingerprints
with assayFingerprint/v1, and levels that agree with security-severity.

Exit status: 0 when every file passes, 1 when one does not (each problem
printed with its file and JSON path), 2 when a file cannot be read.
"""
import json
import re
import sys
import urllib.parse

MAX_RUNS = 20
MAX_RESULTS = 25000
MAX_RULES = 25000
MAX_TAGS = 20
MAX_PROBLEMS = 20

# A relative reference: RFC 3986 path characters and percent escapes only.
URI_PATTERN = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-Fa-f]{2})+$")
LEVEL_BANDS = {"error": (7.0, 10.0), "warning": (4.0, 6.9), "note": (0.0, 3.9)}


def load(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read SARIF: {e}", file=sys.stderr)
        sys.exit(2)


def check_rules(run, where, problems):
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    if len(rules) > MAX_RULES:
        problems.append(f"{where}.tool.driver.rules: {len(rules)} rules, GitHub allows {MAX_RULES}")
    ids = {}
    for i, rule in enumerate(rules):
        at = f"{where}.tool.driver.rules[{i}]"
        rule_id = rule.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            problems.append(f"{at}.id: missing or empty")
            continue
        if rule_id in ids:
            problems.append(f"{at}.id: '{rule_id}' repeats rules[{ids[rule_id]}]")
        ids[rule_id] = i
        for key in ("shortDescription", "fullDescription", "help"):
            text = rule.get(key, {}).get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{at}.{key}.text: missing or empty")
        properties = rule.get("properties", {})
        tags = properties.get("tags", [])
        if len(tags) > MAX_TAGS or "security" not in tags:
            problems.append(f"{at}.properties.tags: {tags!r} (needs 'security', at most {MAX_TAGS})")
        severity = properties.get("security-severity")
        try:
            score = float(severity)
        except (TypeError, ValueError):
            problems.append(f"{at}.properties.security-severity: {severity!r} is not a number")
            continue
        if not 0.0 <= score <= 10.0:
            problems.append(f"{at}.properties.security-severity: {score} outside 0.0 to 10.0")
        level = rule.get("defaultConfiguration", {}).get("level")
        low, high = LEVEL_BANDS.get(level, (None, None))
        if low is None or not low <= score <= high:
            problems.append(f"{at}: level {level!r} and security-severity {score} disagree")
    return rules, ids


def check_uri(uri, at, images, problems):
    if not isinstance(uri, str) or not uri:
        problems.append(f"{at}: missing or empty")
        return
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme or parts.netloc or uri.startswith("/"):
        problems.append(f"{at}: '{uri}' is not a relative reference")
    if not URI_PATTERN.match(uri):
        problems.append(f"{at}: '{uri}' has characters that must be percent-encoded")
    # Artifacts such as a Dockerfile or a folder are named by their path, which may be a URI.
    references = {image for image in images if re.search(r"[:@][^/]*$", image)}
    if uri in references or urllib.parse.unquote(uri) in references:
        problems.append(f"{at}: '{uri}' is an image reference")


def check_result(result, at, rules, ids, images, problems):
    rule_id = result.get("ruleId")
    if rule_id not in ids:
        problems.append(f"{at}.ruleId: '{rule_id}' names no rule")
    elif result.get("ruleIndex") != ids[rule_id]:
        problems.append(f"{at}.ruleIndex: {result.get('ruleIndex')} but '{rule_id}' is rules[{ids[rule_id]}]")
    if result.get("level") not in LEVEL_BANDS:
        problems.append(f"{at}.level: {result.get('level')!r}")
    text = result.get("message", {}).get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{at}.message.text: missing or empty")
    locations = result.get("locations", [])
    if len(locations) != 1:
        problems.append(f"{at}.locations: {len(locations)} locations, expected exactly 1")
    for j, location in enumerate(locations):
        physical = location.get("physicalLocation", {})
        check_uri(physical.get("artifactLocation", {}).get("uri"),
                  f"{at}.locations[{j}].physicalLocation.artifactLocation.uri", images, problems)
        region = physical.get("region", {})
        start = region.get("startLine")
        if not isinstance(start, int) or start < 1:
            problems.append(f"{at}.locations[{j}].physicalLocation.region.startLine: {start!r}")
        end = region.get("endLine", start)
        if isinstance(start, int) and (not isinstance(end, int) or end < start):
            problems.append(f"{at}.locations[{j}].physicalLocation.region.endLine: {end!r}")
    fingerprint = result.get("partialFingerprints", {}).get("assayFingerprint/v1")
    if not isinstance(fingerprint, str) or not fingerprint:
        problems.append(f"{at}.partialFingerprints.assayFingerprint/v1: missing")


def check_github(doc):
    problems = []
    if doc.get("version") != "2.1.0":
        problems.append(f"version: {doc.get('version')!r}, expected '2.1.0'")
    runs = doc.get("runs", [])
    if not 1 <= len(runs) <= MAX_RUNS:
        problems.append(f"runs: {len(runs)} runs")
    for r, run in enumerate(runs):
        where = f"runs[{r}]"
        if run.get("tool", {}).get("driver", {}).get("name") != "assay":
            problems.append(f"{where}.tool.driver.name: not 'assay'")
        if not run.get("automationDetails", {}).get("id"):
            problems.append(f"{where}.automationDetails.id: missing or empty")
        rules, ids = check_rules(run, where, problems)
        results = run.get("results", [])
        if len(results) > MAX_RESULTS:
            problems.append(f"{where}.results: {len(results)} results, GitHub allows {MAX_RESULTS}")
        images = {res.get("properties", {}).get("image") for res in results} - {None}
        for i, result in enumerate(results):
            check_result(result, f"{where}.results[{i}]", rules, ids, images, problems)
    return problems


def check_schema(doc, schema):
    import jsonschema
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in validator.iter_errors(doc):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        problems.append(f"schema: {path or '(root)'}: {error.message[:300]}")
    return problems


def main():
    args = sys.argv[1:]
    schema = None
    if len(args) >= 2 and args[0] == "--schema":
        schema = load(args[1])
        args = args[2:]
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = False
    for path in args:
        doc = load(path)
        problems = check_github(doc)
        if schema is not None:
            problems += check_schema(doc, schema)
        for problem in problems[:MAX_PROBLEMS]:
            print(f"{path}: {problem}", file=sys.stderr)
        if len(problems) > MAX_PROBLEMS:
            print(f"{path}: and {len(problems) - MAX_PROBLEMS} more problems", file=sys.stderr)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
