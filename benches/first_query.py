#!/usr/bin/env python3
"""First queries in headless Chromium over an already built regnav site.

    python3 benches/first_query.py OUT "registration,タイ クラスB 登録" [--runs 3]

OUT is a `regnav build --out` folder (for instance over a knowledge base made
with `regnav generate /tmp/kb100k --entries 100000`). For each query (its
language from its script), it opens compare.py's bench page in a fresh
Chromium profile `--runs` times and prints the median time, the bytes the page
fetched (search.js included), the same gzipped, the total and the requests.
"""
import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="a built site (regnav build --out)")
    ap.add_argument("queries", help="comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    words = [w for w in args.queries.split(",") if w]
    with tempfile.TemporaryDirectory() as work:
        rows = compare.browser_queries(Path(args.out), None, words, args.runs, Path(work))
    print("| query | total | requests | bytes | gzipped | time, median | range |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for w in words:
        rs = [r for r in rows if r["word"] == w]
        ms = sorted(r["ms"] for r in rs)
        print(f"| {w} ({rs[0]['lang']}) | {rs[0]['total']} | {len(rs[0]['files'])} | "
              f"{rs[0]['body'] / 1000:.0f} KB | {rs[0]['gzip'] / 1000:.0f} KB | "
              f"{statistics.median(ms):.0f} ms | {ms[0]:.0f}–{ms[-1]:.0f} ms |")


if __name__ == "__main__":
    main()
