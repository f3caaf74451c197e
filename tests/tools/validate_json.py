#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validate JSON documents against a JSON Schema (draft 2020-12).

Usage: validate_json.py SCHEMA DOCUMENT...

Exit status: 0 when every document is valid, 1 when one is not, 2 when the
schema or a document cannot be read or parsed, and 77 (a ctest skip) when
the jsonschema package is missing. Each error is printed with its file and
JSON path, and every document is checked even after one fails.
"""
import json
import sys

MAX_ERRORS = 20
# Characters of an error message printed; a message can quote a whole section.
MAX_MESSAGE = 300


class Unreadable(Exception):
    """A file that cannot be read or is not JSON."""


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read JSON: {e}", file=sys.stderr)
        raise Unreadable(path) from e


def shorten(text):
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "..."


def describe(jsonschema, error):
    """Return "PATH: MESSAGE", naming the closest failure inside an anyOf or oneOf."""
    text = f"{error.json_path}: {shorten(error.message)}"
    if error.context:
        inner = jsonschema.exceptions.best_match(error.context)
        text += f" (closest: {inner.json_path}: {shorten(inner.message)})"
    return text


def main():
    if len(sys.argv) < 3:
        print("usage: validate_json.py SCHEMA DOCUMENT...", file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)",
              file=sys.stderr)
        return 77

    try:
        schema = load(sys.argv[1])
    except Unreadable:
        return 2
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    invalid = 0
    unreadable = 0
    for path in sys.argv[2:]:
        try:
            document = load(path)
        except Unreadable:
            unreadable += 1
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in errors[:MAX_ERRORS]:
            print(f"{path}: {describe(jsonschema, error)}", file=sys.stderr)
        if len(errors) > MAX_ERRORS:
            print(f"{path}: {len(errors) - MAX_ERRORS} more errors", file=sys.stderr)
        invalid += 1 if errors else 0
    if unreadable:
        return 2
    return 1 if invalid else 0

if __name__ == "__main__":
    sys.exit(main())
