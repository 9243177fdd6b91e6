#!/usr/bin/env python3
"""Does a market and a class rank the route the answer card names first?

For every market of the repo's knowledge base and every class its routes
serve, three questions: "<市場> クラス<X> 登録", "<Market> class <X>
registration" and "<Market> class <X>". For each question that gets an
answer card (`analysis.answer` of `regnav search --format json`), the first
hit of `regnav search` and of the static site search (templates/assets/
search.js in node, over the built site's index) is compared with the card's
route. Prints the misses and the counts.

Run from the repo after `cargo build --release` (it builds the site into a
scratch folder): `python3 benches/route_questions.py`. Needs node and PyYAML.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGNAV = os.path.join(REPO, "target", "release", "regnav")


def front_matter(path):
    m = re.match(r"---\n(.*?)\n---\n", open(path, encoding="utf-8").read(), re.S)
    return yaml.safe_load(m.group(1)) if m else {}


def questions():
    out = []
    for path in sorted(glob.glob(os.path.join(REPO, "content/jurisdictions/*.md"))):
        if path.endswith((".ja.md", ".en.md")):
            continue
        fm = front_matter(path)
        title = fm.get("title")
        ja, en = (title["ja"], title["en"]) if isinstance(title, dict) else (title, title)
        classes = []
        for r in fm.get("routes") or []:
            classes += [c for c in r.get("classes", []) if c not in classes]
        for c in classes:
            out += [(f"{ja} クラス{c} 登録", "ja"), (f"{en} class {c} registration", "en"), (f"{en} class {c}", "en")]
    return out


def main():
    qs = questions()
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        subprocess.run([REGNAV, "build", "--root", REPO, "--out", site, "--quiet"], check=True)
        qfile = os.path.join(tmp, "q.json")
        json.dump([{"q": q, "lang": l} for q, l in qs], open(qfile, "w"))
        static = json.loads(subprocess.run(["node", os.path.join(REPO, "tests/static_search.js"), site, qfile],
                                           capture_output=True, text=True, check=True).stdout)
    answered = cli_miss = static_miss = 0
    for (q, _), page in zip(qs, static):
        r = json.loads(subprocess.run([REGNAV, "search", "--root", REPO, "--format", "json", q],
                                      capture_output=True, text=True, check=True).stdout)
        a = r["analysis"].get("answer")
        if not a or not a["route"].get("requirement"):
            continue
        answered += 1
        want = a["route"]["requirement"]
        cli = [h["id"] for h in r["hits"][:3]]
        if cli[:1] != [want]:
            cli_miss += 1
            print(f"regnav search: {q} → {cli} (card: {want})")
        if page[:1] != [want]:
            static_miss += 1
            print(f"static search: {q} → {page[:3]} (card: {want})")
    print(f"{len(qs)} questions, {answered} with a card; first hit not the card's route: "
          f"regnav search {cli_miss}, static search {static_miss}")
    return 1 if cli_miss or static_miss else 0


if __name__ == "__main__":
    sys.exit(main())
