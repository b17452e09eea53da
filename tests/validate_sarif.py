#!/usr/bin/env python3
"""validate_sarif.py - check SARIF logs against the SARIF 2.1.0 schema.

usage: validate_sarif.py SCHEMA FILE...

SCHEMA is Microsoft's sarif-2.1.0-rtm.5.json as shipped in the npm
package @microsoft/jest-sarif (pinned in package-lock.json); validation
uses python3-jsonschema from Debian. Prints every error with its JSON
path and exits 1 when a file is invalid, 2 when one cannot be read.
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{argv[1]}: cannot read the schema: {e}", file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    status = 0
    for path in argv[2:]:
        try:
            with open(path, "rb") as f:
                raw = f.read()
            doc = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as e:
            print(f"{path}: not valid JSON: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: /{where}: {e.message}", file=sys.stderr)
        if errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
