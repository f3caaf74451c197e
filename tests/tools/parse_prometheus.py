#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Parse Prometheus text exposition format strictly and print one JSON object per sample.

Usage: parse_prometheus.py FILE

Each output line is {"name", "labels", "value", "timestamp"} with label values
unescaped, so that jq can query the samples. A line that does not follow the
format (version 0.0.4) is an error, and so is a sample of a metric with no
# TYPE line before it. Exit status 0, or 1 with the bad line on stderr.
"""
import json
import math
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
ESCAPES = {"\\": "\\", '"': '"', "n": "\n"}


class FormatError(Exception):
    pass


def parse_labels(line, i):
    """Parse {name="value",...} from line[i] == "{"; return (labels, index after "}")."""
    labels = {}
    i += 1
    while True:
        if line[i] == "}":
            return labels, i + 1
        match = LABEL_NAME.match(line, i)
        if match is None:
            raise FormatError(f"bad label name at column {i + 1}")
        name = match.group(0)
        i = match.end()
        if line[i:i + 2] != '="':
            raise FormatError(f"expected =\" after label {name}")
        i += 2
        value = []
        while line[i] != '"':
            if line[i] == "\\":
                if line[i + 1] not in ESCAPES:
                    raise FormatError(f"bad escape \\{line[i + 1]} in label {name}")
                value.append(ESCAPES[line[i + 1]])
                i += 2
            else:
                value.append(line[i])
                i += 1
        i += 1
        if name in labels:
            raise FormatError(f"label {name} given twice")
        labels[name] = "".join(value)
        if line[i] == ",":
            i += 1
        elif line[i] != "}":
            raise FormatError(f"expected , or }} at column {i + 1}")


def parse_value(text):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    return float(text)


def parse_sample(line, typed):
    match = NAME.match(line)
    if match is None:
        raise FormatError("bad metric name")
    name = match.group(0)
    if name not in typed:
        raise FormatError(f"sample of {name} before its # TYPE line")
    i = match.end()
    labels = {}
    if i < len(line) and line[i] == "{":
        labels, i = parse_labels(line, i)
    rest = line[i:]
    if not rest.startswith(" "):
        raise FormatError("expected a space before the value")
    fields = rest.split()
    if len(fields) not in (1, 2):
        raise FormatError("expected a value and at most a timestamp")
    return {"name": name, "labels": labels, "value": parse_value(fields[0]),
            "timestamp": int(fields[1]) if len(fields) == 2 else None}


def main():
    typed = set()
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        try:
            if line.startswith("# TYPE "):
                parts = line.split(" ")
                if len(parts) != 4 or not NAME.fullmatch(parts[2]):
                    raise FormatError("bad # TYPE line")
                typed.add(parts[2])
            elif line.startswith("#") or line == "":
                continue
            else:
                print(json.dumps(parse_sample(line, typed)))
        except (FormatError, IndexError, ValueError) as e:
            print(f"{sys.argv[1]}:{number}: {e}: {line[:160]!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
