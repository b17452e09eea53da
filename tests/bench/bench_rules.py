#!/usr/bin/env python3
"""bench_rules.py - the rule pack as a literal list and as ast-grep rules.

    bench_rules.py [--literals FILE BY_RULE] RULES_DIR OUT_DIR

Writes, for the benchmark's comparison tools:

  OUT_DIR/literals.txt        the literals a file must contain for any rule
                              of the pack to match, one per line, for
                              `rg -i -F -f` and `git grep -i -F -f`: FILE's
                              (the output of `sunset rules literals`) when
                              given, but for the words the prefilter takes
                              only whole, which BY_RULE (`sunset rules
                              literals --by-rule`) marks; else derived
                              here: hosts, SDK module
                              and package names, environment names, model
                              ids, and the most selective literal run every
                              match of a string or env pattern holds (query
                              rules get none)
  OUT_DIR/words.txt           those whole words, for `-w` (empty without
                              --literals)
  OUT_DIR/astgrep/sgconfig.yml and OUT_DIR/astgrep/rules/LANG.yml
                              an equivalent structural rule set for
                              `ast-grep scan`: one rule per call rule and
                              language (the rule's chains as member-call
                              patterns in that language's style), and per
                              language one rule for string literals holding
                              one of the literals and one for imports
                              naming a module

Prints one summary line; exits 1 when a rule or literal file cannot be
read, 2 on bad usage.
"""

import glob
import json
import os
import re
import sys

import yaml

GENERIC = {"", "http", "https", "wss", "www"}


def _parse(p, i):
    """Parses alternatives up to a closing ) or the end: a list of
    alternatives, each a list of items (kind, value, optional, repeated)."""
    alts, items = [], []
    while i < len(p) and p[i] != ")":
        c = p[i]
        if c == "|":
            alts.append(items)
            items = []
            i += 1
            continue
        if c == "\\":
            e = p[i + 1] if i + 1 < len(p) else ""
            item = ["lit", e] if e and not e.isalnum() else ["any", None]
            i += 2
        elif c == "[":
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1
            while j < len(p) and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            item, i = ["any", None], j + 1
        elif c == "(":
            i += 1
            if p.startswith("?", i):  # (?: (?i: (?= (?! ...
                j = i + 1
                while j < len(p) and p[j] not in ":)":
                    j += 1
                look = p[i + 1:i + 2] in ("=", "!", "<")
                i = j + 1 if j < len(p) and p[j] == ":" else j
            else:
                look = False
            sub, i = _parse(p, i)
            i += 1  # the )
            item = ["any", None] if look else ["group", sub]
        elif c in "^$":
            i += 1
            continue
        elif c == ".":
            item, i = ["any", None], i + 1
        else:
            item, i = ["lit", c], i + 1
        opt = rep = False
        if i < len(p) and p[i] in "?*":
            opt, i = True, i + 1
        elif i < len(p) and p[i] == "+":
            rep, i = True, i + 1
        elif i < len(p) and p[i] == "{":
            m = re.match(r"\{(\d*)(,?\d*)\}", p[i:])
            if m:
                opt = m.group(1) in ("", "0")
                rep = not opt
                i += m.end()
        if opt or rep:
            if i < len(p) and p[i] in "?+":  # lazy or possessive
                i += 1
        items.append(item + [opt, rep])
    alts.append(items)
    return alts, i


def _score(lits):
    return min((0 if re.sub(r"[:/.]", "", x).lower() in GENERIC else len(x)) for x in lits)


def _best(alts):
    out = []
    for items in alts:
        b = _best_seq(items)
        if b is None:
            return None
        out.extend(b)
    return out


def _best_seq(items):
    cands, run = [], ""
    for kind, val, opt, rep in items:
        if opt:
            if run:
                cands.append([run])
            run = ""
            continue
        if kind == "lit":
            run += val
            if rep:
                cands.append([run])
                run = val
            continue
        if run:
            cands.append([run])
        run = ""
        if kind == "group":
            b = _best(val)
            if b:
                cands.append(b)
    if run:
        cands.append([run])
    cands = [c for c in cands if _score(c) >= 3]
    return max(cands, key=_score) if cands else None


def pattern_literals(pattern):
    """Literals of which every match of PATTERN holds at least one: the
    most selective literal run, where an alternation counts when each of
    its branches has one. None when there is no run of 3 characters or
    more (or only a generic one such as http://)."""
    alts, _ = _parse(pattern, 0)
    return _best(alts)


def load(rules_dir):
    files = sorted(glob.glob(os.path.join(rules_dir, "**", "*.yaml"), recursive=True))
    docs = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            # libyaml, as sunset reads them (the pure-Python parser is
            # stricter about `?` in plain scalars inside [flow] lists)
            docs.append(yaml.load(fh, Loader=yaml.CSafeLoader))
    return docs


def literals(docs):
    lits, unmatched = set(), []
    for d in docs:
        for r in d.get("rules") or []:
            if "package" in r:
                for names in r["package"].values():
                    for p in names:
                        lits.add(p.split(":")[-1])
            if "import" in r:
                lits.update(r["import"])
            if "call" in r:
                lits.update(r["call"]["modules"])
            if "http" in r:
                lits.update(h[2:] if h.startswith("*.") else h for h in r["http"]["hosts"])
            for key in ("string", "env"):
                m = r.get(key)
                if not m:
                    continue
                lits.update(m.get("values", []))
                lits.update(m.get("names", []))
                for p in m.get("patterns", []):
                    got = pattern_literals(p)
                    if got is None:
                        unmatched.append(r["id"])
                    else:
                        lits.update(got)
            if "query" in r:
                unmatched.append(r["id"])
    # case-insensitive search: one spelling of each is enough
    seen, out = set(), []
    for lit in sorted(lits):
        if lit.lower() not in seen:
            seen.add(lit.lower())
            out.append(lit)
    return out, unmatched


# ast-grep language, sunset's names for it, string node kinds, import kinds
LANGS = [
    ("python", ["python"], ["string"], ["import_statement", "import_from_statement"]),
    ("javascript", ["javascript"], ["string", "template_string"], ["import_statement"]),
    ("typescript", ["typescript"], ["string", "template_string"], ["import_statement"]),
    ("tsx", ["tsx", "typescript"], ["string", "template_string"], ["import_statement"]),
    ("go", ["go"], ["interpreted_string_literal", "raw_string_literal"], ["import_spec"]),
    ("java", ["java"], ["string_literal"], ["import_declaration"]),
    ("kotlin", ["kotlin"], ["string_literal"], ["import_header"]),
    ("csharp", ["csharp", "c_sharp"], ["string_literal", "verbatim_string_literal"], ["using_directive"]),
    ("ruby", ["ruby"], ["string"], []),
    ("php", ["php"], ["string", "encapsed_string"], ["namespace_use_declaration"]),
    ("rust", ["rust"], ["string_literal"], ["use_declaration"]),
    ("json", ["json"], ["string"], []),
    ("yaml", ["yaml"], ["string_scalar", "double_quote_scalar", "single_quote_scalar"], []),
]


def chain_patterns(lang, chain):
    seg = chain.split(".")
    head, last = seg[:-1], seg[-1]
    if lang in ("go", "csharp"):
        pas = [s[:1].upper() + s[1:] for s in seg]
        pats = ["$R." + ".".join(pas) + "($$$A)"]
    elif lang == "php":
        pats = ["$R->" + "->".join(s + "()" for s in head + [last])[:-2] + "($$$A)",
                "$R->" + "->".join(seg) + "($$$A)"]
        return sorted(set(pats))
    elif lang == "rust":
        pats = ["$R." + "".join(s + "()." for s in head) + last + "($$$A)"]
    elif lang in ("java", "kotlin"):
        pats = ["$R." + ".".join(seg) + "($$$A)",
                "$R." + "".join(s + "()." for s in head) + last + "($$$A)"]
    else:
        pats = ["$R." + ".".join(seg) + "($$$A)"]
    return sorted(set(pats))


def regex_of(words, whole=()):
    alts = [re.escape(w) for w in sorted(words)]
    alts += [r"\b" + re.escape(w) + r"\b" for w in sorted(whole)]
    return "(?i)(?:" + "|".join(alts) + ")"


def whole_words(by_rule):
    """The literals that `sunset rules literals --by-rule` marks as whole
    words in every rule that has them."""
    word, part = set(), set()
    for line in by_rule:
        toks = line.rstrip("\n").split("\t", 1)[-1].split(" ")
        i = 0
        while i < len(toks):
            if toks[i:i + 2] == ["(whole", "word)"]:
                i += 2
                continue
            if toks[i] and not toks[i].startswith("("):
                (word if toks[i + 1:i + 3] == ["(whole", "word)"] else part).add(toks[i])
            i += 1
    return word - part


def astgrep_rules(docs, lits, words):
    modules = set()
    for d in docs:
        for r in d.get("rules") or []:
            modules.update(r.get("import", []))
            if "call" in r:
                modules.update(r["call"]["modules"])
    per_lang, count = {}, 0
    for lang, names, strings, imports in LANGS:
        rules = []
        for d in docs:
            for r in d.get("rules") or []:
                if "call" not in r:
                    continue
                if lang in ("json", "yaml"):
                    continue
                if "languages" in r and not set(r["languages"]) & set(names):
                    continue
                pats = sorted({p for c in r["call"]["chains"] for p in chain_patterns(lang, c)
                               # `new` is no method name in Java
                               if not (lang == "java" and "new" in c.split("."))})
                if not pats:
                    continue
                rules.append({"id": f"{r['id']}.{lang}", "language": lang,
                              "severity": "warning", "message": r["message"],
                              "rule": {"any": [{"pattern": p} for p in pats]}})
        rules.append({"id": f"literal-string.{lang}", "language": lang,
                      "severity": "warning", "message": "a vendor literal",
                      "rule": {"all": [{"any": [{"kind": k} for k in strings]},
                                       {"regex": regex_of(lits, words)}]}})
        if imports:
            rules.append({"id": f"vendor-import.{lang}", "language": lang,
                          "severity": "warning", "message": "a vendor module imported",
                          "rule": {"all": [{"any": [{"kind": k} for k in imports]},
                                           {"regex": regex_of(modules)}]}})
        per_lang[lang] = rules
        count += len(rules)
    return per_lang, count


def main():
    args = sys.argv[1:]
    given = None
    if len(args) == 5 and args[0] == "--literals":
        given, by_rule, args = args[1], args[2], args[3:]
    if len(args) != 2:
        print("usage:" + __doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rules_dir, out = args
    try:
        docs = load(rules_dir)
        lits, unmatched = literals(docs)
        source = "derived from the rule files"
        words = set()
        if given:
            with open(given, encoding="utf-8") as fh:
                lits = [x.strip() for x in fh if x.strip()]
            with open(by_rule, encoding="utf-8") as fh:
                words = whole_words(fh)
            lits = [x for x in lits if x not in words]
            source = f"from {given}, {len(words)} of them whole words"
    except (OSError, yaml.YAMLError) as e:
        print(f"bench_rules: {e}", file=sys.stderr)
        return 1
    os.makedirs(os.path.join(out, "astgrep", "rules"), exist_ok=True)
    with open(os.path.join(out, "literals.txt"), "w", encoding="utf-8") as fh:
        fh.write("".join(lit + "\n" for lit in lits))
    with open(os.path.join(out, "words.txt"), "w", encoding="utf-8") as fh:
        fh.write("".join(w + "\n" for w in sorted(words)))
    per_lang, count = astgrep_rules(docs, lits, words)
    for lang, rules in per_lang.items():
        with open(os.path.join(out, "astgrep", "rules", lang + ".yml"), "w", encoding="utf-8") as fh:
            # JSON is YAML; one document per rule
            fh.write("\n---\n".join(json.dumps(r, indent=1) for r in rules) + "\n")
    with open(os.path.join(out, "astgrep", "sgconfig.yml"), "w", encoding="utf-8") as fh:
        fh.write("ruleDirs:\n  - rules\n")
    if given:
        print(f"{len(lits) + len(words)} literals ({source}), {count} ast-grep rules in {len(per_lang)} languages")
    else:
        print(f"{len(lits)} literals ({source}; {len(unmatched)} rules without one: query rules "
              f"and patterns with no fixed run), {count} ast-grep rules in {len(per_lang)} languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
