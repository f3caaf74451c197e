#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write a large Trivy (schema 2) or Grype JSON report of invented findings.

Usage: gen-report.py trivy|grype COUNT [SEED] > report.json

The mix follows real image scans: about 70 % OS packages, severities
weighted towards MEDIUM and LOW, 60 % with a fixed version, CVE ids reused
across packages, descriptions of 20 to 120 words with HTML-special and
non-ASCII characters. Output is deterministic for a given COUNT and SEED.
"""
import json
import random
import sys

SEVERITY_WEIGHTS = {"CRITICAL": 3, "HIGH": 17, "MEDIUM": 45, "LOW": 30, "UNKNOWN": 5}
DEB = ["libc6", "openssl", "libssl3", "zlib1g", "libxml2", "curl", "libcurl4", "perl-base",
       "libsqlite3-0", "libgnutls30", "libtasn1-6", "ncurses-base", "libsystemd0", "tar", "bash"]
PYPI = ["qiskit", "qiskit-aer", "pennylane", "cirq-core", "numpy", "scipy", "requests",
        "urllib3", "jinja2", "cryptography", "pillow", "setuptools", "torch", "protobuf", "pyyaml"]
VOCABULARY = ("remote attacker crafted request heap overflow stack exhaustion integer wrap "
              "double free race condition signature check bypass <b>markup</b> & 'quoted' "
              "\"double\" naïve façade certificate parser decoder allocation").split()


def words(rng, count):
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def semver(rng):
    return "%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 99))


def draw(rng, index):
    """Draw one invented finding, shared by both report shapes."""
    severity = rng.choices(list(SEVERITY_WEIGHTS), list(SEVERITY_WEIGHTS.values()))[0]
    in_os = rng.random() < 0.7
    return {
        "id": "CVE-%d-%d" % (rng.randint(2014, 2026), 10000 + (index * 7907) % 89989),
        "severity": severity,
        "os": in_os,
        "package": rng.choice(DEB if in_os else PYPI),
        "installed": semver(rng),
        "fixed": semver(rng) if rng.random() < 0.6 else "",
        "score": round(rng.uniform(1.0, 10.0), 1),
        "title": words(rng, 8),
        "description": words(rng, rng.randint(20, 120)),
        "references": rng.randint(1, 6),
        "layer": "sha256:%064x" % rng.getrandbits(256),
    }


def trivy_report(count, rng):
    os_result = {"Target": "bench/quantum-mlops:1.0 (debian 12.4)", "Class": "os-pkgs",
                 "Type": "debian", "Vulnerabilities": []}
    lang_result = {"Target": "Python", "Class": "lang-pkgs", "Type": "python-pkg",
                   "Vulnerabilities": []}
    for index in range(count):
        d = draw(rng, index)
        entry = {
            "VulnerabilityID": d["id"],
            "PkgID": "%s@%s" % (d["package"], d["installed"]),
            "PkgName": d["package"],
            "InstalledVersion": d["installed"],
            "Status": "fixed" if d["fixed"] else rng.choice(["affected", "will_not_fix"]),
            "Layer": {"DiffID": d["layer"]},
            "SeveritySource": "nvd",
            "PrimaryURL": "https://avd.aquasec.com/nvd/" + d["id"].lower(),
            "Title": d["title"],
            "Description": d["description"],
            "Severity": d["severity"],
            "CweIDs": ["CWE-%d" % rng.randint(20, 900)],
            "CVSS": {"nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                             "V3Score": d["score"]}},
            "References": ["https://advisories.example.org/%s/%d" % (d["id"], k)
                           for k in range(d["references"])],
            "PublishedDate": "2024-03-01T00:00:00Z",
            "LastModifiedDate": "2025-01-15T00:00:00Z",
        }
        if d["fixed"]:
            entry["FixedVersion"] = d["fixed"]
        (os_result if d["os"] else lang_result)["Vulnerabilities"].append(entry)
    return {
        "SchemaVersion": 2,
        "CreatedAt": "2026-12-01T02:00:00Z",
        "ArtifactName": "bench/quantum-mlops:1.0",
        "ArtifactType": "container_image",
        "Metadata": {"OS": {"Family": "debian", "Name": "12.4"},
                     "ImageID": "sha256:%064x" % rng.getrandbits(256),
                     "RepoTags": ["bench/quantum-mlops:1.0"]},
        "Results": [os_result, lang_result],
    }


def grype_report(count, rng):
    matches = []
    for index in range(count):
        d = draw(rng, index)
        matches.append({
            "vulnerability": {
                "id": d["id"],
                "dataSource": "https://nvd.nist.gov/vuln/detail/" + d["id"],
                "namespace": "debian:distro:debian:12" if d["os"] else "github:language:python",
                "severity": d["severity"].capitalize(),
                "urls": ["https://advisories.example.org/%s" % d["id"]],
                "description": d["description"],
                "cvss": [{"version": "3.1",
                          "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                          "metrics": {"baseScore": d["score"]}}],
                "fix": {"versions": [d["fixed"]] if d["fixed"] else [],
                        "state": "fixed" if d["fixed"] else "not-fixed"},
            },
            "relatedVulnerabilities": [],
            "matchDetails": [{"type": "exact-direct-match", "matcher": "dpkg-matcher"}],
            "artifact": {
                "id": "%016x" % rng.getrandbits(64),
                "name": d["package"],
                "version": d["installed"],
                "type": "deb" if d["os"] else "python",
                "locations": [{"path": "/var/lib/dpkg/status" if d["os"] else
                               "/usr/local/lib/python3.11/site-packages/" + d["package"]}],
                "purl": "pkg:%s/%s@%s" % ("deb/debian" if d["os"] else "pypi", d["package"],
                                          d["installed"]),
            },
        })
    return {"matches": matches,
            "source": {"type": "image", "target": {"userInput": "bench/quantum-mlops:1.0"}},
            "distro": {"name": "debian", "version": "12"},
            "descriptor": {"name": "grype", "version": "0.80.0"}}


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("trivy", "grype"):
        sys.exit("usage: gen-report.py trivy|grype COUNT [SEED] > report.json")
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 7)
    build = trivy_report if sys.argv[1] == "trivy" else grype_report
    json.dump(build(int(sys.argv[2]), rng), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
