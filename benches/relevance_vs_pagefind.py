#!/usr/bin/env python3
"""Relevance of regnav's two search engines and Pagefind on the same pages.

One run, the same question set (tests/data/relevance.yaml) and the same built
site:

* `regnav search --format json` (the tantivy engine of the CLI and the server),
* the static site search (templates/assets/search.js, run in node by
  tests/static_search.js over the site's own index),
* Pagefind (`pip install 'pagefind[extended]'`, installed into a scratch
  virtualenv when missing) indexing the same HTML pages (`<main>` as the
  root, so navigation and footers are not indexed), queried by its own
  pagefind.js in headless Chromium, each language from a page in that
  language (Pagefind picks the index by `<html lang>`).

Prints MRR, recall@5 (share of the expected entries in the first five) and
top-5 (share of questions answered in the first five), per language.

    python3 benches/relevance_vs_pagefind.py [--regnav target/release/regnav] [--work /tmp/regnav-vs-pagefind]

Needs: a built regnav binary, node, chromium, python3 with PyYAML (or pip to
fetch it), and the package registries (pagefind's wheel comes from PyPI).
"""

import argparse
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_venv(work: Path) -> Path:
    """A virtualenv with pagefind[extended] and PyYAML; returns its python."""
    venv = work / "venv"
    py = venv / "bin" / "python"
    if not py.exists():
        sh(sys.executable, "-m", "venv", str(venv))
    probe = subprocess.run([str(py), "-c", "import pagefind, yaml"], capture_output=True)
    if probe.returncode != 0:
        sh(str(py), "-m", "pip", "install", "-q", "pagefind[extended]", "pyyaml")
    return py


def load_cases(py: Path):
    out = subprocess.run(
        [str(py), "-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
         str(ROOT / "tests/data/relevance.yaml")],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def regnav_cli(regnav: str, cases):
    results = []
    for c in cases:
        out = subprocess.run([regnav, "search", c["q"], "--root", str(ROOT), "--format", "json", "--limit", "10"],
                             check=True, capture_output=True, text=True, cwd=ROOT).stdout
        results.append([h["id"] for h in json.loads(out)["hits"]])
    return results


def static_engine(site: Path, cases, work: Path):
    qfile = work / "queries.json"
    qfile.write_text(json.dumps([{"q": c["q"], "lang": c["lang"]} for c in cases]))
    out = subprocess.run(["node", str(ROOT / "tests/static_search.js"), str(site), str(qfile)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>
<pre id="out">pending</pre>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const qs = {queries};
const out = [];
for (const q of qs) {{
  const r = await pagefind.search(q);
  const top = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  out.push(top.map(d => d.url));
}}
document.getElementById("out").textContent = "DONE" + encodeURIComponent(JSON.stringify(out)) + "END";
</script></body></html>"""


def url_to_id(url: str) -> str:
    # /ja/requirements/th/registration/ → requirements/th/registration
    parts = [p for p in url.split("/") if p]
    if parts and parts[0] in ("ja", "en"):
        parts = parts[1:]
    if parts and parts[-1].endswith(".html"):
        parts = parts[:-1]
    return "/".join(parts)


def pagefind_engine(py: Path, site: Path, cases, work: Path):
    pf_site = work / "pf-site"
    if pf_site.exists():
        shutil.rmtree(pf_site)
    shutil.copytree(site, pf_site)
    t = time.time()
    sh(str(py), "-m", "pagefind", "--site", str(pf_site), "--root-selector", "main",
       stdout=subprocess.DEVNULL)
    index_s = time.time() - t
    results = {}
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(pf_site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as srv:
        port = srv.server_address[1]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        for lang in ("ja", "en"):
            qs = [c["q"] for c in cases if c["lang"] == lang]
            (pf_site / f"pf-{lang}.html").write_text(
                PAGE.format(lang=lang, queries=json.dumps(qs, ensure_ascii=False)), encoding="utf-8")
            with tempfile.TemporaryDirectory() as profile:
                dom = subprocess.run(
                    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--virtual-time-budget=600000", "--dump-dom",
                     f"http://127.0.0.1:{port}/pf-{lang}.html"],
                    capture_output=True, text=True, timeout=600).stdout
            start = dom.find('<pre id="out">DONE')
            start = start + len('<pre id="out">') if start >= 0 else -1
            if start < 0:
                raise SystemExit(f"pagefind page for {lang} did not finish")
            # The marker's end is the last "END" inside the <pre>: an
            # encoded URL can hold those letters too.
            end = dom.rfind("END", start, dom.find("</pre>", start))
            urls = json.loads(urllib.parse.unquote(dom[start + 4:end]))
            if len(urls) != len(qs):
                raise SystemExit(f"pagefind page for {lang} answered {len(urls)} of {len(qs)} questions")
            results.update({q: [url_to_id(u) for u in us] for q, us in zip(qs, urls)})
        srv.shutdown()
    return [results[c["q"]] for c in cases], index_s


def figures(cases, results):
    by = {}
    for c, ids in zip(cases, results):
        exp = c["expect"]
        rank = next((i for i, x in enumerate(ids) if x in exp), None)
        f = by.setdefault(c["lang"], [0.0, 0.0, 0.0, 0])
        f[0] += 0 if rank is None else 1 / (rank + 1)
        f[1] += sum(1 for e in exp if e in ids[:5]) / len(exp)
        f[2] += 1 if rank is not None and rank < 5 else 0
        f[3] += 1
    return by


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regnav", default=str(ROOT / "target/release/regnav"))
    ap.add_argument("--work", default="/tmp/regnav-vs-pagefind")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    py = ensure_venv(work)
    cases = load_cases(py)
    site = work / "site"
    sh(a.regnav, "build", "--root", str(ROOT), "--out", str(site), stdout=subprocess.DEVNULL)
    engines = [("regnav search (CLI)", regnav_cli(a.regnav, cases)),
               ("regnav static (browser)", static_engine(site, cases, work))]
    pf, index_s = pagefind_engine(py, site, cases, work)
    version = subprocess.run([str(py), "-m", "pip", "show", "pagefind"], capture_output=True,
                             text=True).stdout.split("Version:")[1].split()[0]
    engines.append((f"Pagefind {version} (browser)", pf))
    n = len(cases)
    print(f"{n} questions from tests/data/relevance.yaml, one run, {time.strftime('%Y-%m-%d')}")
    print(f"(Pagefind indexed the same {sum(1 for _ in site.rglob('index.html'))} pages in {index_s:.1f} s)")
    print("| engine | language | questions | MRR | recall@5 | top-5 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, res in engines:
        for lang, (mrr, r5, t5, k) in sorted(figures(cases, res).items()):
            print(f"| {name} | {lang} | {k} | {mrr / k:.3f} | {r5 / k:.3f} | {t5 / k:.3f} |")


if __name__ == "__main__":
    main()
