#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validate JSON documents against a JSON Schema (draft 2020-12).

Usage: validate_json.py SCHEMA DOCUMENT...

Exit status: 0 when every document is valid, 1 when one is not, 2 when a
file cannot be read or parsed, and 77 (a ctest skip) when the jsonschema
package is missing. Each error is printed with its file and JSON path.
"""
import json
import sys

MAX_ERRORS = 20


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read JSON: {e}", file=sys.stderr)
        sys.exit(2)


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

    schema = load(sys.argv[1])
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    invalid = 0
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        for error in errors[:MAX_ERRORS]:
            print(f"{path}: {error.json_path}: {error.message}", file=sys.stderr)
        if len(errors) > MAX_ERRORS:
            print(f"{path}: {len(errors) - MAX_ERRORS} more errors", file=sys.stderr)
        invalid += 1 if errors else 0
    return 1 if invalid else 0

if __name__ == "__main__":
    sys.exit(main())
