#!/usr/bin/python3
"""validate_cyclonedx.py - check CycloneDX 1.6 JSON files against the
official schema, as shipped by the npm package @cyclonedx/cyclonedx-library
(res/schema/), with Debian's python3-jsonschema.

usage: validate_cyclonedx.py SCHEMA_DIR FILE...

The schema's references (spdx, jsf) are resolved from SCHEMA_DIR only:
nothing is fetched. Prints every error and exits 1 when a file is invalid,
2 when the schemas cannot be read.
"""
import json
import os
import sys

import jsonschema

BASE = "http://cyclonedx.org/schema/"


def load_store(schema_dir):
    """Every schema of the directory, under its $id and under the name its
    file has (bom-1.6 refers to "spdx.SNAPSHOT.schema.json")."""
    store = {}
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".schema.json"):
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        store[BASE + name] = schema
        if "$id" in schema:
            store[schema["$id"].rstrip("#")] = schema
    return store


def offline(uri):
    raise jsonschema.exceptions.RefResolutionError(
        "not in the local schema directory: " + uri)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        store = load_store(argv[1])
        schema = store[BASE + "bom-1.6.schema.json"]
    except (OSError, ValueError, KeyError) as e:
        print("cannot read the CycloneDX 1.6 schema in %s: %s" % (argv[1], e),
              file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    resolver = jsonschema.RefResolver(
        base_uri=schema["$id"], referrer=schema, store=store,
        handlers={"http": offline, "https": offline})
    validator = cls(schema, resolver=resolver,
                    format_checker=cls.FORMAT_CHECKER)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            bom = json.load(f)
        errors = sorted(validator.iter_errors(bom), key=lambda e: list(e.path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path)
            print("%s: /%s: %s" % (path, where, e.message), file=sys.stderr)
        if errors:
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
