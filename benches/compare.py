#!/usr/bin/env python3
"""regnav side by side with Hugo + Pagefind on the same generated content.

For each N (default 1,000 and 10,000 entries) the script

1. writes a knowledge base of N generated entries (`regnav generate`, see
   src/synth.rs: every entry bilingual, so 2N entry pages) and an equivalent
   Hugo site: the same titles, summaries and Markdown bodies, one page per
   entry and language at the same URLs (/ja/…/, /en/…/), with a minimal
   layout the script writes itself whose <main> carries
   `data-pagefind-body` (list pages are not indexed);
2. runs interleaved rounds (default 3) of
     - Hugo (into an empty public/),
     - Pagefind (the extended build, Japanese segmentation) on Hugo's output,
     - `regnav build` fresh (empty output folder, no work folder),
     - `regnav build` a second time (the site exists, its work folder does
       not yet: regnav renders into the work folder and swaps, so this one
       still creates every file),
     - `regnav build` a third time (the usual rebuild: site and work folder
       exist, nothing changed),
     - `cp -r` of regnav's output (the floor: the cost of writing those
       files at all),
   each under `/usr/bin/time -v` (wall time, peak RSS), with the size of
   what it wrote (`du`) and the load average before and after each round.
   Old outputs are moved into a trash folder and deleted only at the end
   (see Trash): no step creates files just after a mass delete;
3. prints medians, ranges, peak RSS, sizes and the per-round ratios;
4. measures the first query in headless Chromium, cold (fresh profile), for
   regnav's static search and Pagefind on the same pages: a page in the
   query's language loads the engine (regnav: templates/assets/search.js and
   the site's index, searched as the search page does, ten hits; Pagefind:
   its own pagefind.js, search, and the data of the first ten results)
   and posts back the time from the start of its script until the ten hits
   are in hand. Each site is served by Python's http.server on 127.0.0.1,
   which logs every file it sends: the bytes are those of the engine's files
   (regnav: search.js and search/; Pagefind: pagefind/, including what its
   web worker fetches, which the page's resource timing does not see). No
   compression is applied; the gzip column is what a host that gzips text
   would send (Pagefind's index files are already gzipped on disk).

Usage (from the repo root, after `cargo build --release`):

    python3 benches/compare.py                      # N = 1,000 and 10,000, 3 rounds
    python3 benches/compare.py --n 100000 --rounds 1
    python3 benches/compare.py --n 100000 --rounds 1 --regnav-only
    python3 benches/compare.py --n 1000 --rounds 1 --skip-browser

Hugo comes from Debian (`apt-get install -y hugo`, run when `hugo` is not on
PATH) and Pagefind from PyPI (`pip install 'pagefind[extended]'` into a
scratch virtualenv under --work when `pagefind_extended` is not on PATH).
`--regnav-only` measures regnav and the copy floor alone (no Hugo site is
written, nothing is installed): Pagefind on 100k entries needs more memory
than a 24 GiB machine has.
Needs /usr/bin/time (Debian's `time`), du, cp and Debian's `chromium`.
The regnav binary is copied into --work first, so a rebuild of target/
during the run does not change what is measured.
"""

import argparse
import gzip
import hashlib
import html
import http.server
import io
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")


def sh(*cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def load_avg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---------------------------------------------------------------- tools


def ensure_hugo() -> str:
    if not shutil.which("hugo"):
        print("hugo not found: apt-get install -y hugo", flush=True)
        sh("apt-get", "install", "-y", "hugo", stdout=subprocess.DEVNULL)
    out = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True).stdout
    return re.search(r"v(\d+\.\d+\.\d+)", out).group(1)


def ensure_pagefind(work: Path) -> tuple[Path, str]:
    """The pagefind_extended binary (PATH, or a scratch virtualenv) and its version."""
    found = shutil.which("pagefind_extended")
    if not found:
        venv = work / "venv"
        py = venv / "bin" / "python"
        if not py.exists():
            sh(sys.executable, "-m", "venv", venv)
        bins = list(venv.glob("lib/python*/site-packages/pagefind_bin_extended/pagefind_extended"))
        if not bins:
            print("pagefind not found: pip install 'pagefind[extended]' into", venv, flush=True)
            sh(py, "-m", "pip", "install", "-q", "pagefind[extended]")
            bins = list(venv.glob("lib/python*/site-packages/pagefind_bin_extended/pagefind_extended"))
        if not bins:
            raise SystemExit(f"pagefind_extended not found in {venv} after pip install")
        found = str(bins[0])
    out = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    return Path(found), out.split()[-1]


def freeze_regnav(path: str, work: Path) -> tuple[Path, str]:
    src = Path(path)
    if not src.exists():
        raise SystemExit(f"{src} does not exist: run `cargo build --release` first, or pass --regnav PATH")
    dst = work / "regnav"
    shutil.copy2(src, dst)
    version = subprocess.run([dst, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    # A shared target/ may hold a binary another tree built: say which file this is.
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(src.stat().st_mtime))
    sha = hashlib.sha256(dst.read_bytes()).hexdigest()[:12]
    return dst, f"{version}, {src} (built {built}, {src.stat().st_size / 1e6:.0f} MB, sha256 {sha}…)"


# ---------------------------------------------------------------- the two sites

FRONT_LINE = re.compile(r'^(title|summary): \{ja: "(.*)", en: "(.*)"\}$', re.M)
REGNAV_LINK = re.compile(r"\]\(@([^)#\s]+)(#[^)\s]*)?\)")

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Synthetic Navigator"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
[languages.ja]
languageName = "日本語"
weight = 1
hasCJKLanguage = true
[languages.en]
languageName = "English"
weight = 2
"""

HUGO_SINGLE = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title></head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main data-pagefind-body>
<h1>{{ .Title }}</h1>
<p>{{ .Params.description }}</p>
{{ .Content }}
</main>
</body>
</html>
"""

HUGO_LIST = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main>
</body>
</html>
"""


def split_front(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise SystemExit(f"{path}:1:1: no front matter")
    end = text.index("\n---\n", 3)
    return text[4:end + 1], text[end + 5:]


def write_hugo_site(kb: Path, site: Path, trash) -> int:
    """The Hugo twin of the knowledge base at `kb`; returns the number of entry pages."""
    trash.discard(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    content = kb / "content"
    pages = 0
    for ja_file in sorted(content.rglob("*.md")):
        if ja_file.name.endswith(".en.md"):
            continue
        rel = ja_file.relative_to(content)
        front, ja_body = split_front(ja_file)
        fields = {m.group(1): {"ja": m.group(2), "en": m.group(3)} for m in FRONT_LINE.finditer(front)}
        if "title" not in fields or "summary" not in fields:
            raise SystemExit(f"{ja_file}: expected `title: {{ja: \"…\", en: \"…\"}}` and `summary:` lines")
        _, en_body = split_front(ja_file.with_name(ja_file.name[:-3] + ".en.md"))
        for lang, body, name in (("ja", ja_body, rel.name), ("en", en_body, rel.name[:-3] + ".en.md")):
            body = REGNAV_LINK.sub(lambda m: f"](/{lang}/{m.group(1)}/{m.group(2) or ''})", body)
            out = site / "content" / rel.parent / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                "---\n"
                f"title: {json.dumps(fields['title'][lang], ensure_ascii=False)}\n"
                f"description: {json.dumps(fields['summary'][lang], ensure_ascii=False)}\n"
                f"---\n{body}",
                encoding="utf-8")
            pages += 1
    return pages


# ---------------------------------------------------------------- measuring

TIME_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)")
TIME_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
TIME_USER = re.compile(r"User time \(seconds\): (\S+)")
TIME_SYS = re.compile(r"System time \(seconds\): (\S+)")


def timed(cmd, log: Path, cwd=None) -> dict:
    """Runs `cmd` under /usr/bin/time -v; wall seconds, peak RSS (bytes), user and system seconds."""
    stats = log.with_suffix(".time")
    with open(log, "w") as out:
        r = subprocess.run(["/usr/bin/time", "-v", "-o", str(stats)] + [str(c) for c in cmd],
                           stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
    text = stats.read_text()
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({r.returncode}); see {log}")
    wall = 0.0
    for part in TIME_WALL.search(text).group(1).split(":"):
        wall = wall * 60 + float(part)
    return {"wall": wall, "rss": int(TIME_RSS.search(text).group(1)) * 1024,
            "user": float(TIME_USER.search(text).group(1)), "sys": float(TIME_SYS.search(text).group(1))}


def disk(path: Path) -> tuple[int, int]:
    """Disk usage in bytes (du) and the number of files under `path`."""
    used = int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True,
                              check=True).stdout.split()[0]) * 1024
    files = sum(len(f) for _, _, f in os.walk(path))
    return used, files


class Trash:
    """Old outputs, moved aside now and deleted at the end of the run.

    This VM's ext4 has no journal, and without one ext4 skips inodes deleted
    in the last minute (six while their inode-table block is dirty, which
    creating files nearby keeps it) when it allocates new ones: perf shows
    `recently_deleted` and `find_get_block_common` as a third of a fresh
    build's samples right after an `rm -rf` of the last output, and a
    `cp -r` of 24k files took 2.4 s of kernel time before one and 6.3 s
    after. Deleting between steps would charge the bench's own deletes to
    whatever step came next.
    """

    def __init__(self, root: Path):
        self.root = root
        self.count = 0

    def discard(self, *paths: Path):
        for p in paths:
            if p.exists():
                self.root.mkdir(parents=True, exist_ok=True)
                self.count += 1
                os.rename(p, self.root / f"{self.count}-{p.name}")

    def empty(self, why: str):
        if self.root.exists():
            print(f"  deleting old outputs ({why}) …", flush=True)
            shutil.rmtree(self.root)


def run_rounds(regnav: Path, pagefind, kb: Path, site, work: Path, rounds: int,
               trash: Trash) -> list[dict]:
    """One dict per round, step → measures; without `site` (--regnav-only),
    regnav's steps and the copy only."""
    out, spare, floor = work / "out", work / ".out.previous", work / "copy"
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    results = []
    for r in range(1, rounds + 1):
        if shutil.disk_usage(work).free < 10e9:  # a shared disk: leave room for others
            trash.empty("less than 10 GB free; the next steps pay for it")
        trash.discard(out, spare, floor)
        if site:
            trash.discard(site / "public", site / "resources")
        before = load_avg()
        print(f"  round {r}/{rounds}: load before {before}", flush=True)
        m = {}
        if site:
            public = site / "public"
            m["hugo"] = timed(["hugo", "--source", site, "--destination", public, "--quiet",
                               "--noBuildLock"], logs / f"hugo-{r}.log")
            m["hugo"]["size"] = disk(public)
            m["pagefind"] = timed([pagefind, "--site", public], logs / f"pagefind-{r}.log")
            m["pagefind"]["size"] = disk(public / "pagefind")
        build = [regnav, "build", "--root", kb, "--out", out, "--quiet"]
        m["fresh"] = timed(build, logs / f"regnav-fresh-{r}.log")
        m["fresh"]["size"] = disk(out)
        m["second"] = timed(build, logs / f"regnav-second-{r}.log")
        m["second"]["size"] = disk(out)
        m["rebuild"] = timed(build, logs / f"regnav-rebuild-{r}.log")
        m["rebuild"]["size"] = disk(out)
        m["copy"] = timed(["cp", "-r", out, floor], logs / f"copy-{r}.log")
        m["copy"]["size"] = disk(floor)
        m["load"] = (before, load_avg())
        print(f"  round {r}/{rounds}: load after  {m['load'][1]}; "
              + ", ".join(f"{k} {m[k]['wall']:.2f} s" for k in STEPS if k in m), flush=True)
        results.append(m)
    return results


# ---------------------------------------------------------------- the browser

REPORT_JS = """
function report(x) {
  fetch('/__bench/result', {method: 'POST', body: JSON.stringify(x)});
}
window.addEventListener('error', e => report({error: String(e.message)}));
window.addEventListener('unhandledrejection', e => report({error: String(e.reason)}));
"""

REGNAV_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body><script>
const T0 = performance.now();
{report}
const s = document.createElement('script');
s.src = {script};
s.onload = async () => {{
  const RS = window.RegnavSearch;
  const r = await RS.search(RS.scriptLoader({base}, {version}), {lang_js}, {query}, {{}}, 10);
  report({{ms: performance.now() - T0, total: r.total, hits: r.hits.length, first: r.hits.length ? r.hits[0].url : null}});
}};
document.head.appendChild(s);
</script></body></html>"""

PAGEFIND_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body><script type="module">
const T0 = performance.now();
{report}
const pf = await import('/pagefind/pagefind.js');
await pf.init();
const r = await pf.search({query});
const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
report({{ms: performance.now() - T0, total: r.results.length, hits: data.length, first: data.length ? data[0].url : null}});
</script></body></html>"""


class BenchHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a site folder, plus the bench page and the endpoint it reports to.

    Every file sent is logged with its size: Pagefind fetches its index from a
    web worker, whose requests the page's resource timing does not see.
    """

    def log_message(self, *args):
        pass

    def send_head(self):
        f = super().send_head()
        if isinstance(f, io.BufferedReader):
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            self.server.bench_log.append((path, os.fstat(f.fileno()).st_size))
        return f

    def do_GET(self):
        if self.path.startswith("/__bench/page.html"):
            body = self.server.bench_page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.bench_result = json.loads(self.rfile.read(length))
        self.send_response(204)
        self.end_headers()
        self.server.bench_done.set()


def chromium_once(server, page: str, prefixes: tuple, profile_root: Path) -> dict | None:
    """Opens `page` in a fresh headless Chromium; its report and the files it fetched under
    `prefixes`, or None when it did not report within 120 s."""
    server.bench_page = page
    server.bench_result = None
    server.bench_log = []
    server.bench_done = threading.Event()
    port = server.server_address[1]
    with tempfile.TemporaryDirectory(dir=profile_root) as profile:
        proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"http://127.0.0.1:{port}/__bench/page.html"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            if not server.bench_done.wait(120):
                return None
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    result = server.bench_result
    if "error" in result:
        raise SystemExit(f"the bench page failed: {result['error']}")
    result["files"] = [(p, size) for p, size in server.bench_log if p.startswith(prefixes)]
    return result


def gzip_bytes(root: Path, files: list) -> int:
    """What a host that gzips text would send (files already gzipped are sent as they are)."""
    total = 0
    for path, _ in files:
        data = (root / path.lstrip("/")).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))
    return total


def serve(folder: Path):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(BenchHandler, directory=str(folder)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def browser_queries(out: Path, public, words: list, runs: int, work: Path) -> list[dict]:
    """Rows of first-query measures; Pagefind's too unless `public` is None."""
    search_page = (out / "en" / "search" / "index.html").read_text(encoding="utf-8")
    attr = lambda name: html.unescape(re.search(name + r'="([^"]*)"', search_page).group(1))
    script = html.unescape(re.search(r'<script src="([^"]*search\.[0-9a-f]+\.js)"', search_page).group(1))
    base, version = attr("data-index"), attr("data-version")
    rows = []
    regnav_srv = serve(out)
    pf_srv = serve(public) if public else None
    try:
        for word in words:
            lang = "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", word) else "en"
            q = json.dumps(word, ensure_ascii=False)
            pages = {
                "regnav static search": (regnav_srv, out, (base, script), REGNAV_PAGE.format(
                    lang=lang, report=REPORT_JS, script=json.dumps(script), base=json.dumps(base),
                    version=json.dumps(version), lang_js=json.dumps(lang), query=q)),
            }
            if pf_srv:
                pages["Pagefind"] = (pf_srv, public, ("/pagefind/",),
                                     PAGEFIND_PAGE.format(lang=lang, report=REPORT_JS, query=q))
            for _ in range(runs):  # interleaved: regnav, Pagefind, regnav, …
                for engine, (srv, root, prefixes, page) in pages.items():
                    r = None
                    for attempt in range(3):
                        r = chromium_once(srv, page, prefixes, work)
                        if r:
                            break
                        print(f"  {engine}, {word}: Chromium did not report within 120 s, retrying", flush=True)
                    if not r:
                        raise SystemExit(f"{engine}, {word}: Chromium did not report in three tries")
                    r.update(engine=engine, word=word, lang=lang,
                             body=sum(size for _, size in r["files"]),
                             gzip=gzip_bytes(root, r["files"]))
                    rows.append(r)
    finally:
        regnav_srv.shutdown()
        if pf_srv:
            pf_srv.shutdown()
    return rows


# ---------------------------------------------------------------- reporting

STEPS = ["hugo", "pagefind", "fresh", "second", "rebuild", "copy"]


def label(step: str, versions: dict) -> str:
    return {
        "hugo": f"Hugo {versions.get('hugo')}",
        "pagefind": f"Pagefind {versions.get('pagefind')} (on Hugo's output)",
        "hugo+pagefind": "Hugo + Pagefind",
        "fresh": "`regnav build`, fresh (empty output)",
        "second": "`regnav build`, second (no work folder yet)",
        "rebuild": "`regnav build`, rebuild (nothing changed)",
        "copy": "`cp -r` of regnav's output (floor)",
    }[step]


def secs(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def mb(x: float) -> str:
    return f"{x / 1e9:.2f} GB" if x >= 1e9 else f"{x / 1e6:.0f} MB"


def spread(xs: list, fmt) -> tuple[str, str]:
    """The median and the range, `1.2 s` and `1.1–1.4 s`."""
    low = fmt(min(xs)).rsplit(" ", 1)[0]
    return fmt(statistics.median(xs)), f"{low}–{fmt(max(xs))}"


def report_sizes(n: int, pages: int, rounds: list, versions: dict):
    if "hugo" not in rounds[0]:
        return report_regnav_only(n, rounds)
    for m in rounds:
        m["hugo+pagefind"] = {"wall": m["hugo"]["wall"] + m["pagefind"]["wall"],
                              "rss": max(m["hugo"]["rss"], m["pagefind"]["rss"]),
                              "size": (m["hugo"]["size"][0], m["hugo"]["size"][1])}
    print(f"\n### {n:,} entries ({pages:,} entry pages in each site), "
          f"{len(rounds)} round{'s' if len(rounds) > 1 else ''}\n")
    print("| step | wall, median | range | peak RSS, median (max) | output | files |")
    print("| --- | --- | --- | --- | --- | --- |")
    for step in ["hugo", "pagefind", "hugo+pagefind", "fresh", "second", "rebuild", "copy"]:
        walls = [m[step]["wall"] for m in rounds]
        rss = [m[step]["rss"] for m in rounds]
        med, rng = spread(walls, secs)
        used, files = rounds[-1][step]["size"]
        if step == "hugo+pagefind":  # Hugo's public/ with pagefind/ in it
            used += rounds[-1]["pagefind"]["size"][0]
            files += rounds[-1]["pagefind"]["size"][1]
        if step == "copy":
            med_rss = f"{mb(statistics.median(rss))}"
        else:
            med_rss = f"{mb(statistics.median(rss))} ({mb(max(rss))})"
        print(f"| {label(step, versions)} | {med} | {rng} | {med_rss} | {mb(used)} | {files:,} |")
    print("\nPer round (load averages 1/5/15 min before → after the round):\n")
    print("| round | load | fresh ÷ (Hugo + Pagefind) | fresh ÷ Hugo | fresh ÷ copy | rebuild ÷ (Hugo + Pagefind) |")
    print("| --- | --- | --- | --- | --- | --- |")
    ratios = {"hp": [], "h": [], "c": [], "rhp": []}
    for i, m in enumerate(rounds, 1):
        f = m["fresh"]["wall"]
        hp, h, c = f / m["hugo+pagefind"]["wall"], f / m["hugo"]["wall"], f / m["copy"]["wall"]
        rhp = m["rebuild"]["wall"] / m["hugo+pagefind"]["wall"]
        for k, v in zip(ratios, (hp, h, c, rhp)):
            ratios[k].append(v)
        print(f"| {i} | {m['load'][0]} → {m['load'][1]} | {hp:.2f}× | {h:.2f}× | {c:.2f}× | {rhp:.2f}× |")
    med = {k: statistics.median(v) for k, v in ratios.items()}
    print(f"| median | | {med['hp']:.2f}× | {med['h']:.2f}× | {med['c']:.2f}× | {med['rhp']:.2f}× |")
    cpu = ", ".join(f"{k} {statistics.median(m[k]['user'] for m in rounds):.1f} + "
                    f"{statistics.median(m[k]['sys'] for m in rounds):.1f}" for k in STEPS)
    print(f"\nCPU seconds, user + system (medians): {cpu}")


def report_regnav_only(n: int, rounds: list):
    print(f"\n### {n:,} entries, regnav alone, {len(rounds)} round{'s' if len(rounds) > 1 else ''}\n")
    print("| step | wall, median | range | peak RSS, median (max) | output | files |")
    print("| --- | --- | --- | --- | --- | --- |")
    for step in ["fresh", "second", "rebuild", "copy"]:
        med, rng = spread([m[step]["wall"] for m in rounds], secs)
        rss = [m[step]["rss"] for m in rounds]
        used, files = rounds[-1][step]["size"]
        print(f"| {label(step, {})} | {med} | {rng} | {mb(statistics.median(rss))} ({mb(max(rss))}) "
              f"| {mb(used)} | {files:,} |")
    ratio = statistics.median(m["fresh"]["wall"] / m["copy"]["wall"] for m in rounds)
    cpu = ", ".join(f"{k} {statistics.median(m[k]['user'] for m in rounds):.1f} + "
                    f"{statistics.median(m[k]['sys'] for m in rounds):.1f}" for k in STEPS if k in rounds[0])
    print(f"\nfresh ÷ copy, median of the rounds: {ratio:.2f}×; CPU seconds, user + system (medians): {cpu}")


def report_browser(n: int, rows: list, runs: int):
    print(f"\nFirst query in headless Chromium, {n:,} entries, cold profile, {runs} runs each:\n")
    print("| engine | query | hits (total) | requests | bytes as served | gzipped | time, median | range |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    keys = []
    for r in rows:
        if (r["engine"], r["word"]) not in keys:
            keys.append((r["engine"], r["word"]))
    for engine, word in keys:
        rs = [r for r in rows if r["engine"] == engine and r["word"] == word]
        med, rng = spread([r["ms"] for r in rs], lambda x: f"{x:.0f} ms")
        r = rs[-1]
        print(f"| {engine} | {word} ({r['lang']}) | {r['hits']} ({r['total']:,}) | {len(r['files'])} | "
              f"{r['body'] / 1000:.0f} KB | {r['gzip'] / 1000:.0f} KB | {med} | {rng} |")


# ---------------------------------------------------------------- main


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) * 1024
    return f"{os.cpu_count()} cores ({cpu}), {mem / 2**30:.0f} GiB RAM, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="1000,10000", help="entry counts, comma-separated (default 1000,10000)")
    ap.add_argument("--rounds", type=int, default=3)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    ap.add_argument("--regnav", default=str(target / "release" / "regnav"),
                    help="the regnav binary (default: $CARGO_TARGET_DIR or target/, release)")
    ap.add_argument("--work", default="/tmp/regnav-compare")
    ap.add_argument("--words", default="device,医療機器",
                    help="first-query words, comma-separated; a word with kana or kanji is searched in Japanese")
    ap.add_argument("--browser-runs", type=int, default=3)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--regnav-only", action="store_true",
                    help="no Hugo or Pagefind: regnav's builds and the copy floor (and its first queries)")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)

    regnav, regnav_version = freeze_regnav(a.regnav, work)
    versions, pagefind = {}, None
    if not a.regnav_only:
        versions["hugo"] = ensure_hugo()
        pagefind, versions["pagefind"] = ensure_pagefind(work)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} · {machine()}")
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    print(f"{regnav_version}; repo at {commit or '?'}")
    if versions:
        print(f"Hugo {versions['hugo']} · Pagefind {versions['pagefind']} (extended)")
    print("command: python3 " + " ".join([str(Path(sys.argv[0]))] + sys.argv[1:]), flush=True)

    trash = Trash(work / "trash")
    trash.empty("left by an earlier run")
    for n in [int(x) for x in a.n.split(",")]:
        nwork = work / str(n)
        kb, site = nwork / "kb", nwork / "hugo"
        trash.discard(kb)
        nwork.mkdir(exist_ok=True)
        print(f"\n{n:,} entries: generating the knowledge base"
              + ("" if a.regnav_only else " and the Hugo site") + " …", flush=True)
        sh(regnav, "generate", kb, "--entries", n, stdout=subprocess.DEVNULL)
        pages = 0 if a.regnav_only else write_hugo_site(kb, site, trash)
        if a.regnav_only:
            site = None
        rounds = run_rounds(regnav, pagefind, kb, site, nwork, a.rounds, trash)
        (nwork / "rounds.json").write_text(json.dumps(rounds, indent=1))
        report_sizes(n, pages, rounds, versions)
        if not a.skip_browser:
            words = [w.strip() for w in a.words.split(",") if w.strip()]
            rows = browser_queries(nwork / "out", site and site / "public", words, a.browser_runs, nwork)
            report_browser(n, rows, a.browser_runs)
        sys.stdout.flush()
    trash.empty("the end of the run")


if __name__ == "__main__":
    main()
