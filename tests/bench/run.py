#!/usr/bin/env python3
"""run.py - times sunset against ripgrep, git grep and ast-grep (make bench).

    run.py --sunset BIN --ast-grep BIN --tools DIR [--runs N] CORPUS...

Each CORPUS is a git repository made by gen_corpus.py; the first one is
the sparse corpus the grep targets are judged on. DIR holds, from
bench_rules.py, literals.txt and words.txt (together what `sunset rules
literals` prints: words.txt the ones the prefilter takes only as whole
words) and astgrep/. rg and git grep search each corpus twice, for the
literals with -F and for the words with -F -w; their time is the sum and
their files the union.

Every time is the best of N wall-clock runs. Cold sunset scans use
--no-cache; warm ones read a cache file that a first, untimed run filled.
Nothing is dropped from the page cache: an untimed search reads each
corpus (work tree and object store) first, so every tool reads files that
are in memory alike. Peak RSS is GNU time's maximum
resident set size over the cold scans.

This is a measurement, not a test: a missed target prints MISS and the
exit status stays 0. A tool that fails or crashes exits 1; bad usage 2.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


class ToolFailed(Exception):
    pass


def run_once(argv, ok=(0,), cwd=None, env=None, stdout=subprocess.DEVNULL):
    """Runs argv under GNU time: (seconds, peak RSS in KB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run([GNU_TIME, "-f", "%M", "-o", tf.name, *argv], cwd=cwd,
                           env=env, stdout=stdout, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if p.returncode not in ok:
            err = p.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise ToolFailed(f"{' '.join(argv)}: exit {p.returncode}\n  " + "\n  ".join(err))
        lines = [x for x in tf.read().split("\n") if x.strip()]
        rss = int(lines[-1]) if lines and lines[-1].strip().isdigit() else 0
    return dt, rss


def best(argv, runs, **kw):
    times, rss = [], 0
    for _ in range(runs):
        dt, r = run_once(argv, **kw)
        times.append(dt)
        rss = max(rss, r)
    return min(times), rss


def lines(argv, ok=(0, 1)):
    """The paths argv lists, relative to the corpus (git grep prints
    HEAD:path, rg the corpus path and path)."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in ok:
        raise ToolFailed(f"{' '.join(argv)}: exit {p.returncode}: {p.stderr.decode()[-300:]}")
    out = []
    for x in p.stdout.decode("utf-8", "replace").split("\n"):
        if x:
            out.append(x.split(":", 1)[1] if x.startswith("HEAD:") else x)
    return out


def version(argv):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return p.stdout.decode("utf-8", "replace").strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def literals_files(sunset, tools, env):
    """literals.txt and words.txt, checked to be the list this sunset
    prints; their line counts."""
    lits, words = os.path.join(tools, "literals.txt"), os.path.join(tools, "words.txt")
    p = subprocess.run([sunset, "rules", "literals"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    if p.returncode != 0:
        raise ToolFailed(f"sunset rules literals: exit {p.returncode}: {p.stderr.decode()[-300:]}")
    with open(lits, "rb") as f1, open(words, "rb") as f2:
        a, b = f1.read().split(), f2.read().split()
    if sorted(a + b) != sorted(p.stdout.split()):
        raise ToolFailed(f"{lits} and {words} are not what `sunset rules literals` prints: "
                         "make bench rebuilds them")
    return lits, words, len(a), len(b)


def grep_pair(argv_lits, argv_words, runs):
    """Both searches, best of RUNS each: (seconds, files)."""
    t, _ = best(argv_lits, runs, ok=(0, 1))
    files = set(lines(argv_lits))
    if argv_words:
        t2, _ = best(argv_words, runs, ok=(0, 1))
        t += t2
        files |= set(lines(argv_words))
    return t, len(files)


def bench_corpus(a, corpus, lits, env, cache_dir):
    """Times every tool on one corpus: a dict of name -> (seconds, extra)."""
    name = os.path.basename(os.path.normpath(corpus))
    s, r = {}, {}
    # untimed: bring the work tree and the pack into the page cache, so
    # the first timed tool does not pay for everyone's disk reads
    nothing = "sunset-bench: no file holds this"
    lines(["rg", "-F", "-l", "--hidden", "-g", "!.git", "-e", nothing, corpus])
    lines(["git", "-C", corpus, "grep", "-F", "-l", "-e", nothing, "HEAD"])
    print(f"  {name}: sunset --worktree (cold)", file=sys.stderr)
    s["wt"], r["wt"] = best([a.sunset, "scan", "-q", "--no-cache", "--worktree", corpus], a.runs, env=env)
    print(f"  {name}: sunset object store (cold)", file=sys.stderr)
    s["odb"], r["odb"] = best([a.sunset, "scan", "-q", "--no-cache", corpus], a.runs, env=env)
    cache = os.path.join(cache_dir, name + ".db")
    print(f"  {name}: sunset --cache (fill, then warm)", file=sys.stderr)
    s["fill"], _ = run_once([a.sunset, "scan", "-q", "--cache", cache, corpus], env=env)
    s["warm"], r["warm"] = best([a.sunset, "scan", "-q", "--cache", cache, corpus], a.runs, env=env)
    print(f"  {name}: ripgrep, git grep, ast-grep", file=sys.stderr)
    lit_file, word_file, _, nwords = lits

    def rg(opt, f):
        return ["rg", "-i", *opt, "-l", "--hidden", "-g", "!.git", "-f", f, corpus]

    def gg(opt, f):
        return ["git", "-C", corpus, "grep", "-i", *opt, "-l", "-f", f, "HEAD"]

    s["rg"], rg_files = grep_pair(rg(["-F"], lit_file), nwords and rg(["-F", "-w"], word_file), a.runs)
    s["gg"], gg_files = grep_pair(gg(["-F"], lit_file), nwords and gg(["-F", "-w"], word_file), a.runs)
    ag = [a.ast_grep, "scan", "-c", os.path.join(a.tools, "astgrep", "sgconfig.yml"),
          "--json=stream", corpus]
    s["ag"], _ = best(ag, a.runs)
    files = {
        "rg": rg_files,
        "gg": gg_files,
        "ag": count_ast_grep(ag),
        "all": len(lines(["git", "-C", corpus, "ls-files"], ok=(0,))),
    }
    return name, s, r, files


def count_ast_grep(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise ToolFailed(f"{' '.join(argv)}: exit {p.returncode}")
    return len({json.loads(x)["file"] for x in p.stdout.splitlines() if x.strip()})


def verdict(ratio, limit):
    return "PASS" if ratio <= limit else "MISS"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sunset", required=True)
    p.add_argument("--ast-grep", required=True, dest="ast_grep")
    p.add_argument("--tools", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("corpora", nargs="+")
    a = p.parse_args()
    # git grep runs in the corpus (git -C): paths must not be relative
    a.sunset, a.ast_grep, a.tools = map(os.path.abspath, (a.sunset, a.ast_grep, a.tools))
    a.corpora = [os.path.abspath(c) for c in a.corpora]
    for tool in (a.sunset, a.ast_grep, GNU_TIME):
        if not os.access(tool, os.X_OK):
            print(f"bench: {tool} is missing or not executable", file=sys.stderr)
            return 2
    if not shutil.which("rg"):
        print("bench: rg (Debian's ripgrep) is not on PATH", file=sys.stderr)
        return 2
    cache_dir = tempfile.mkdtemp(prefix="sunset-bench-")
    env = dict(os.environ, XDG_CACHE_HOME=cache_dir)  # never the user's cache
    try:
        lits = literals_files(a.sunset, a.tools, env)
        nlit, nwords = lits[2], lits[3]
        source = f"sunset rules literals, {nwords} of them whole words (-w)"
        print(f"bench: {nlit + nwords} literals ({source}); best of {a.runs} runs", file=sys.stderr)
        results = [bench_corpus(a, c, lits, env, cache_dir) for c in a.corpora]
    except ToolFailed as e:
        print(f"bench: a tool failed: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"nproc {len(os.sched_getaffinity(0))}")
    print(f"tools: {version([a.sunset, '--version'])}; {version(['rg', '--version'])}; "
          f"{version(['git', '--version'])}; ast-grep {version([a.ast_grep, '--version']).split()[-1]}")
    print(f"literals: {nlit + nwords} ({source}); best of {a.runs} wall-clock runs, page cache warm for all")
    print()
    fmt = "{:<40} {:<7} {:>8}  {:<34} {:>7}  {:<8} {}"
    print(fmt.format("tool", "corpus", "seconds", "ratio", "value", "target", ""))
    rows = []
    peak = 0
    for i, (name, s, r, files) in enumerate(results):
        peak = max(peak, r["wt"], r["odb"])
        sparse = i == 0
        rows.append(("sunset scan --worktree (cold)", name, s["wt"],
                     "/ rg" if sparse else "", s["wt"] / s["rg"] if sparse else None,
                     2.0 if sparse else None))
        rows.append(("sunset scan (cold)", name, s["odb"],
                     "/ git grep -F" if sparse else "", s["odb"] / s["gg"] if sparse else None,
                     1.0 if sparse else None))
        rows.append(("sunset scan (cache fill)", name, s["fill"], "", None, None))
        rows.append(("sunset scan (warm)", name, s["warm"], "/ sunset scan (cold)",
                     s["warm"] / s["odb"], 0.1))
        rows.append((f"rg -i -F -l, -F -w ({files['rg']} files)", name, s["rg"], "", None, None))
        rows.append((f"git grep -i -F -l, -F -w ({files['gg']} files)", name, s["gg"], "", None, None))
        rows.append((f"ast-grep scan ({files['ag']} files)", name, s["ag"],
                     "sunset --worktree / ast-grep", s["wt"] / s["ag"], 0.1))
    for tool, name, sec, what, ratio, limit in rows:
        print(fmt.format(tool, name, f"{sec:.2f}", what,
                         "" if ratio is None else f"{ratio:.2f}x",
                         "" if limit is None else f"<= {limit:g}x",
                         "" if limit is None else verdict(ratio, limit)))
    mb = peak / 1024
    print(fmt.format("sunset peak RSS (cold scans)", "all", "", "MB", f"{mb:.0f}", "< 200",
                     "PASS" if mb < 200 else "MISS"))
    print()
    print("files per corpus: " + ", ".join(f"{n} {f['all']}" for n, _, _, f in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
