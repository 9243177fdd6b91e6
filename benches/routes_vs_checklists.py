#!/usr/bin/env python3
"""Do the route cards and the checklist agree?

For every market of the repo's knowledge base with route cards, every class
its routes serve and both device types, the checklist of a device of that
local class and type (`regnav checklist --to M --class M=X --type T --format
json`) is compared with the routes the market's card gives for that class
and type:

a route's requirement that is not a step of the checklist is a card the
plan contradicts — unless the requirement also asks for a reference
approval (`ref:`) or an attribute (`attr:`) the plain profile does not
have (counted apart). (The other way round cannot be told mechanically: a
step is in the plan only when its `applies` holds for the class.)

Prints the contradictions and the counts; exits 1 if there are any. Run from the repo after `cargo build --release` and `regnav
build` (it reads the routes from site/search/en/rt-<code>.js):
`python3 benches/routes_vs_checklists.py`. Needs PyYAML.
"""
import glob
import json
import os
import re
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGNAV = os.path.join(REPO, "target", "release", "regnav")


def applies(req_id):
    """The `applies` of a requirement (main file's front matter), or {}."""
    path = os.path.join(REPO, "content", req_id + ".md")
    m = re.match(r"---\n(.*?)\n---\n", open(path, encoding="utf-8").read(), re.S)
    return (yaml.safe_load(m.group(1)) or {}).get("applies") or {}


def facts(rules):
    return [f for k in ("all", "any", "none") for f in rules.get(k, [])]


def main():
    found, expected, checked = [], 0, 0
    for path in sorted(glob.glob(os.path.join(REPO, "site", "search", "en", "rt-*.js"))):
        code = re.search(r"rt-(.+)\.js$", path).group(1)
        text = open(path, encoding="utf-8").read()
        routes = json.loads(text[text.index("["):text.rindex("]") + 1])
        for ty in ("general", "ivd"):
            mine = [r for r in routes if r["ivd"] is None or r["ivd"] == (ty == "ivd")]
            for cls in sorted({c for r in mine for c in r["classes"]}):
                out = subprocess.run(
                    [REGNAV, "checklist", "--to", code, "--class", f"{code}={cls}", "--type", ty,
                     "--format", "json", "--lang", "en"],
                    capture_output=True, text=True, cwd=REPO)
                if out.returncode != 0:
                    found.append(f"{code} {ty} {cls}: checklist failed: {out.stderr.strip()[:200]}")
                    continue
                checked += 1
                steps = {s["id"] for s in json.loads(out.stdout)["markets"][0]["steps"]}
                serving = {r["requirement"] for r in mine if cls in r["classes"] and r["requirement"]}
                for req in sorted(serving - steps):
                    if any(f.startswith(("ref:", "attr:")) for f in facts(applies(req))):
                        expected += 1
                    else:
                        found.append(f"{code} {ty} class {cls}: route {req} is not in the checklist")
    for line in found:
        print(line)
    print(f"{checked} market × type × class checklists; {expected} routes need a reference "
          f"approval or an attribute; {len(found)} contradicted")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
