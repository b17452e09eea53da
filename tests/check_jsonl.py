#!/usr/bin/env python3
"""check_jsonl.py - check sunset's JSON Lines output against its documented
record types and fields (README.md, "JSON Lines").

usage: check_jsonl.py FILE...

Every line must parse on its own as a JSON object (strict UTF-8) with a
"type" of "finding" or "score" and exactly the fields documented for that
type, of the documented JSON types; every finding line comes before the
first score line. A score must be the sum of its seven components. Prints
every error as FILE:LINE: message and exits 1 when a file is invalid, 2
when one cannot be read; on success prints "FILE: N findings, N scores".
"""
import json
import sys

STR, INT, BOOL, OBJ, LIST = str, int, bool, dict, list
NULL = type(None)

# field: allowed JSON types; every line of the type carries every one
FINDING = {
    "type": (STR,),
    "repo": (STR,),
    "commit": (STR, NULL),
    "path": (STR,),
    "line": (INT,),
    "column": (INT,),
    "end_line": (INT,),
    "end_column": (INT,),
    "rule": (STR,),
    "vendor": (STR,),
    "product": (STR,),
    "capability": (STR,),
    "lifecycle": (STR,),
    "shutdown": (STR, NULL),
    "kind": (STR,),
    "severity": (STR,),
    "message": (STR,),
    "snippet": (STR, NULL),
    "matched": (STR, NULL),
    "detail": (STR, NULL),
    "fingerprint": (STR,),
    "suppressed": (BOOL,),
}
# present only when the condition holds, and then all of them
SUPPRESSED = {"suppressed_by": (STR,), "suppression_reason": (STR, NULL)}
EXPIRED = {"suppression_expired": (STR,)}
DEPENDENCY = {
    "ecosystem": (STR,),
    "package": (STR,),
    "declared": (STR, NULL),
    "resolved": (STR, NULL),
    "lockfile": (STR, NULL),
}

SCORE = {
    "type": (STR,),
    "repo": (STR,),
    "commit": (STR, NULL),
    "scope": (STR,),
    "vendor": (STR, NULL),
    "product": (STR, NULL),
    "score": (INT,),
    "components": (OBJ,),
}
POINTS = ["lifecycle", "spread", "adapter", "hardcoded", "credentials",
          "no_fallback", "shadow"]
COMPONENTS = dict.fromkeys(POINTS, (INT,))
COMPONENTS.update({
    "worst_product": (STR, NULL),
    "days_to_shutdown": (INT, NULL),
    "files": (INT,),
    "directories": (INT,),
    "hardcoded_in_code": (INT,),
    "in_config": (INT,),
    "credential_names": (INT,),
    "credential_files": (INT,),
    "shadow_dependencies": (INT,),
    "fallback": (STR, NULL),
    "capabilities": (INT,),
    "without_fallback": (INT,),
    "no_fallback_for": (STR, NULL),
})
# with a worst product
WORST = {"worst_lifecycle": (STR,), "shutdown": (STR, NULL)}
# vendor and product scopes
ADAPTER = {
    "adapter_verdict": (STR,),
    "adapter_module": (STR, NULL),
    "coupled_files": (LIST,),
    "breaking_files": (LIST,),
}


def typed(value, kinds):
    # bool is an int in Python; JSON keeps them apart
    if isinstance(value, bool):
        return BOOL in kinds
    return isinstance(value, kinds)


def check_fields(obj, spec, where, errors):
    """`spec` is {name: types}; every name must be in obj and typed."""
    for name, kinds in spec.items():
        if name not in obj:
            errors.append(f"{where}: no \"{name}\"")
        elif not typed(obj[name], kinds):
            errors.append(f"{where}: \"{name}\" is {obj[name]!r}")


def check_extra(obj, allowed, where, errors):
    for name in obj:
        if name not in allowed:
            errors.append(f"{where}: undocumented field \"{name}\"")


def check_finding(obj, where, errors):
    spec = dict(FINDING)
    if obj.get("suppressed") is True:
        spec.update(SUPPRESSED)
    if "suppression_expired" in obj:
        spec.update(EXPIRED)
    if obj.get("kind") == "dependency":
        spec.update(DEPENDENCY)
    check_fields(obj, spec, where, errors)
    check_extra(obj, spec, where, errors)
    for name in ("line", "column", "end_line", "end_column"):
        if isinstance(obj.get(name), int) and obj[name] < 0:
            errors.append(f"{where}: \"{name}\" is negative")


def check_score(obj, where, errors):
    check_fields(obj, SCORE, where, errors)
    check_extra(obj, SCORE, where, errors)
    scope = obj.get("scope")
    if scope not in ("repository", "vendor", "product"):
        errors.append(f"{where}: scope {scope!r}")
        return
    if (obj.get("vendor") is None) != (scope == "repository"):
        errors.append(f"{where}: a {scope} score with vendor "
                      f"{obj.get('vendor')!r}")
    if (obj.get("product") is None) != (scope != "product"):
        errors.append(f"{where}: a {scope} score with product "
                      f"{obj.get('product')!r}")
    c = obj.get("components")
    if not isinstance(c, dict):
        return
    spec = dict(COMPONENTS)
    if c.get("worst_product") is not None:
        spec.update(WORST)
    if scope != "repository":
        spec.update(ADAPTER)
    check_fields(c, spec, f"{where}: components", errors)
    check_extra(c, spec, f"{where}: components", errors)
    if all(isinstance(c.get(p), int) for p in POINTS):
        total = sum(c[p] for p in POINTS)
        if obj.get("score") != total or not 0 <= total <= 100:
            errors.append(f"{where}: score {obj.get('score')!r} is not "
                          f"the sum of its components ({total})")


def check_file(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 2
    errors = []
    counts = {"finding": 0, "error": 0, "warning": 0, "score": 0}
    if raw and not raw.endswith(b"\n"):
        errors.append(f"{path}: the last line has no newline")
    for n, line in enumerate(raw.split(b"\n")[:-1] if raw else [], 1):
        where = f"{path}:{n}"
        try:
            obj = json.loads(line.decode("utf-8"))
        except ValueError as e:
            errors.append(f"{where}: not a JSON value: {e}")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        kind = obj.get("type")
        if kind == "finding":
            if counts["score"]:
                errors.append(f"{where}: a finding after a score")
            check_finding(obj, where, errors)
        elif kind == "error":
            # a repository that could not be scanned: after the findings
            if counts["warning"] or counts["score"]:
                errors.append(f"{where}: an error after a warning or a "
                              f"score")
            if set(obj) != {"type", "repo", "message"} or \
                    not isinstance(obj.get("message"), str) or \
                    not isinstance(obj.get("repo"), str):
                errors.append(f"{where}: an error has exactly type, "
                              f"repo (a string) and message")
        elif kind == "warning":
            # a limit hit or a file unread: after the findings
            if counts["score"]:
                errors.append(f"{where}: a warning after a score")
            if set(obj) != {"type", "repo", "message"} or \
                    not isinstance(obj.get("message"), str) or \
                    not isinstance(obj.get("repo"), (str, type(None))):
                errors.append(f"{where}: a warning has exactly type, "
                              f"repo (a string or null) and message")
        elif kind == "score":
            check_score(obj, where, errors)
        else:
            errors.append(f"{where}: type {kind!r}")
            continue
        counts[kind] += 1
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print(f"{path}: {counts['finding']} findings, {counts['score']} scores")
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    return max(check_file(p) for p in argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
