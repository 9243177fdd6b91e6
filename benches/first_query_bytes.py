#!/usr/bin/env python3
"""What a first search costs over a built site, for every question of the
relevance set (tests/data/relevance.yaml: 175 questions users type).

    python3 benches/first_query_bytes.py OUT [--show 10]

OUT is a `regnav build --out` folder, for instance of a generated knowledge
base (`regnav generate /tmp/kb100k --entries 100000`, then `regnav build
--root /tmp/kb100k --out /tmp/o100k`). Each question runs once in node
(tests/static_search.js --bytes: only the index files a first page of ten
hits fetches, as a browser would, search.js itself not counted) in the
question's language. Prints, over the questions, the median, 90th
percentile and largest bytes fetched — as stored and gzipped (what a static
host or `regnav serve --production` sends) — and the time, how many exceed
300 KB, and the `--show` costliest with the kinds of files they read.
Needs node and PyYAML.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 300_000


def first_query(out, lang, q):
    """The bytes, gzipped bytes, milliseconds and files of one first search."""
    index = os.path.join(out, "search", lang)
    r = subprocess.run(
        ["node", os.path.join(REPO, "tests", "static_search.js"), "--bytes", index, lang, q],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(r.stdout.strip().splitlines()[-1])
    files = [os.path.join(index, k.split("/")[-1] + ".js") for k in got["keys"]]
    zipped = sum(len(gzip.compress(open(f, "rb").read(), 6)) for f in files)
    return got["bytes"], zipped, got["ms"], [k.split("/")[-1] for k in got["keys"]]


def kinds(keys):
    """The files read, by kind (t: postings, ut: a topic's unit scores…)."""
    return " ".join(f"{k}×{n}" if n > 1 else k for k, n in Counter(re.match(r"[a-z]+", x).group(0) for x in keys).items())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="a built site (regnav build --out)")
    ap.add_argument("--show", type=int, default=10, help="the costliest questions to list")
    args = ap.parse_args()
    cases = yaml.safe_load(open(os.path.join(REPO, "tests", "data", "relevance.yaml"), encoding="utf-8"))
    rows = []
    for c in cases:
        b, z, ms, keys = first_query(args.out, c["lang"], c["q"])
        rows.append((b, z, ms, c["lang"], c["q"], keys))

    def line(name, values, unit):
        v = sorted(values)
        p90 = v[min(len(v) - 1, int(len(v) * 0.9))]
        print(f"| {name} | {statistics.median(v):,.0f} {unit} | {p90:,.0f} {unit} | {v[-1]:,.0f} {unit} |")

    print(f"{len(rows)} questions over {args.out}")
    print("| | median | 90th percentile | largest |")
    print("| --- | --- | --- | --- |")
    line("bytes fetched", [r[0] for r in rows], "B")
    line("gzipped", [r[1] for r in rows], "B")
    line("time (node)", [r[2] for r in rows], "ms")
    print(f"over {LIMIT // 1000} KB: {sum(r[0] > LIMIT for r in rows)} as stored, "
          f"{sum(r[1] > LIMIT for r in rows)} gzipped")
    for b, z, ms, lang, q, keys in sorted(rows, reverse=True)[: args.show]:
        print(f"  {b / 1000:,.0f} KB ({z / 1000:,.0f} KB gzipped), {ms} ms  [{lang}] {q}  — {kinds(keys)}")


if __name__ == "__main__":
    sys.exit(main())
