#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Check GitLab container-scanning reports against the rules of security report schema 15.x.

Usage: check_gitlab.py FILE...

The rules are written out here from GitLab's documentation of the
container-scanning report, schema versions 15.0.0 to 15.2.x, which GitLab
15.4 and later accept. They cover the required fields and their types, the
severities and the time format without a time zone. They also cover the
maximum lengths of name (255), solution (7,000) and description
(1,048,576), the location of a container-scanning vulnerability
(dependency.package.name, operating_system and image), and fields besides
the schema's, which GitLab rejects. assay adds its own promises: UUID-shaped ids, unique in the
file, and at most 20 identifiers.

Exit status: 0 when every file passes, 1 when one does not (each problem
printed with its file and JSON path), 2 when a file cannot be read.
"""
import json
import re
import sys

MAX_PROBLEMS = 20
VERSION = re.compile(r"^15\.(0|1|2)\.[0-9]+$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
URL = re.compile(r"^(https?|ftp)://.+")
SEVERITIES = {"Info", "Unknown", "Low", "Medium", "High", "Critical"}

TOP_KEYS = {"version", "schema", "scan", "vulnerabilities", "remediations"}
SCAN_KEYS = {"analyzer", "scanner", "type", "start_time", "end_time", "status", "messages",
             "primary_identifiers", "options"}
TOOL_KEYS = {"id", "name", "url", "version", "vendor"}
VULNERABILITY_KEYS = {"id", "name", "description", "details", "severity", "solution",
                      "identifiers", "links", "location", "tracking", "flags", "cvss_vectors"}
IDENTIFIER_KEYS = {"type", "name", "value", "url"}
LINK_KEYS = {"name", "url"}
LOCATION_KEYS = {"dependency", "operating_system", "image", "default_branch_image",
                 "kubernetes_resource"}
DEPENDENCY_KEYS = {"package", "version", "iid", "direct", "dependency_path"}


def load(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read the report: {e}", file=sys.stderr)
        sys.exit(2)


def text(value, at, problems, max_length=None, required=True):
    """A string with at least one character and at most max_length code points."""
    if value is None and not required:
        return
    if not isinstance(value, str) or not value:
        problems.append(f"{at}: {value!r} is not a non-empty string")
    elif max_length is not None and len(value) > max_length:
        problems.append(f"{at}: {len(value)} characters, at most {max_length} allowed")


def keys(obj, allowed, required, at, problems):
    if not isinstance(obj, dict):
        problems.append(f"{at}: not an object")
        return False
    for key in sorted(set(obj) - allowed):
        problems.append(f"{at}.{key}: not a field of the schema")
    for key in sorted(required - set(obj)):
        problems.append(f"{at}.{key}: missing")
    return True


def check_tool(tool, at, problems):
    if keys(tool, TOOL_KEYS, {"id", "name", "version", "vendor"}, at, problems):
        text(tool.get("id"), f"{at}.id", problems, 255)
        text(tool.get("name"), f"{at}.name", problems, 255)
        text(tool.get("version"), f"{at}.version", problems, 255)
        if keys(tool.get("vendor"), {"name"}, {"name"}, f"{at}.vendor", problems):
            text(tool["vendor"].get("name"), f"{at}.vendor.name", problems, 255)


def check_scan(scan, problems):
    if not keys(scan, SCAN_KEYS, SCAN_KEYS - {"messages", "primary_identifiers", "options"},
                "scan", problems):
        return
    check_tool(scan.get("analyzer"), "scan.analyzer", problems)
    check_tool(scan.get("scanner"), "scan.scanner", problems)
    if scan.get("type") != "container_scanning":
        problems.append(f"scan.type: {scan.get('type')!r}, expected 'container_scanning'")
    if scan.get("status") not in ("success", "failure"):
        problems.append(f"scan.status: {scan.get('status')!r}")
    for key in ("start_time", "end_time"):
        if not isinstance(scan.get(key), str) or not TIME.match(scan[key]):
            problems.append(f"scan.{key}: {scan.get(key)!r} is not YYYY-MM-DDTHH:MM:SS")
    if str(scan.get("start_time")) > str(scan.get("end_time")):
        problems.append("scan: end_time is before start_time")


def check_identifiers(identifiers, at, problems):
    if not isinstance(identifiers, list) or not 1 <= len(identifiers) <= 20:
        problems.append(f"{at}: expected 1 to 20 identifiers")
        return
    for i, identifier in enumerate(identifiers):
        where = f"{at}[{i}]"
        if keys(identifier, IDENTIFIER_KEYS, {"type", "name", "value"}, where, problems):
            for key in ("type", "name", "value"):
                text(identifier.get(key), f"{where}.{key}", problems)
            if "url" in identifier and not URL.match(str(identifier["url"])):
                problems.append(f"{where}.url: {identifier['url']!r} is not an http(s) URL")


def check_location(location, at, problems):
    if not keys(location, LOCATION_KEYS, {"dependency", "operating_system", "image"}, at,
                problems):
        return
    text(location.get("operating_system"), f"{at}.operating_system", problems)
    text(location.get("image"), f"{at}.image", problems)
    dependency = location.get("dependency")
    if keys(dependency, DEPENDENCY_KEYS, {"package"}, f"{at}.dependency", problems):
        package = dependency.get("package")
        if keys(package, {"name"}, {"name"}, f"{at}.dependency.package", problems):
            text(package.get("name"), f"{at}.dependency.package.name", problems)
        text(dependency.get("version"), f"{at}.dependency.version", problems, required=False)


def check_vulnerability(v, at, seen, problems):
    if not keys(v, VULNERABILITY_KEYS, {"id", "identifiers", "location"}, at, problems):
        return
    if not isinstance(v.get("id"), str) or not UUID.match(v["id"]):
        problems.append(f"{at}.id: {v.get('id')!r} is not UUID-shaped")
    elif v["id"] in seen:
        problems.append(f"{at}.id: '{v['id']}' repeats vulnerabilities[{seen[v['id']]}]")
    else:
        seen[v["id"]] = at
    text(v.get("name"), f"{at}.name", problems, 255, required=False)
    text(v.get("description"), f"{at}.description", problems, 1048576, required=False)
    text(v.get("solution"), f"{at}.solution", problems, 7000, required=False)
    if "severity" in v and v["severity"] not in SEVERITIES:
        problems.append(f"{at}.severity: {v['severity']!r}")
    check_identifiers(v.get("identifiers"), f"{at}.identifiers", problems)
    for i, link in enumerate(v.get("links", [])):
        if keys(link, LINK_KEYS, {"url"}, f"{at}.links[{i}]", problems):
            if not URL.match(str(link.get("url"))):
                problems.append(f"{at}.links[{i}].url: {link.get('url')!r} is not an http(s) URL")
    check_location(v.get("location"), f"{at}.location", problems)


def check(doc):
    problems = []
    if not keys(doc, TOP_KEYS, {"version", "scan", "vulnerabilities"}, "(root)", problems):
        return problems
    if not isinstance(doc.get("version"), str) or not VERSION.match(doc["version"]):
        problems.append(f"version: {doc.get('version')!r} is not a 15.0 to 15.2 schema version")
    check_scan(doc.get("scan"), problems)
    vulnerabilities = doc.get("vulnerabilities")
    if not isinstance(vulnerabilities, list):
        problems.append("vulnerabilities: not an array")
        return problems
    seen = {}
    for i, v in enumerate(vulnerabilities):
        check_vulnerability(v, f"vulnerabilities[{i}]", seen, problems)
    return problems


def main():
    if len(sys.argv) < 2:
        print("usage: check_gitlab.py FILE...", file=sys.stderr)
        return 2
    failed = False
    for path in sys.argv[1:]:
        problems = check(load(path))
        for problem in problems[:MAX_PROBLEMS]:
            print(f"{path}: {problem}", file=sys.stderr)
        if len(problems) > MAX_PROBLEMS:
            print(f"{path}: and {len(problems) - MAX_PROBLEMS} more problems", file=sys.stderr)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
