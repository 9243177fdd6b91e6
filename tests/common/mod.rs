//! Shared helpers of the integration tests: fixture knowledge bases are
//! `tests/fixtures/valid/basic` plus, for other cases, the files of the case
//! folder laid over a copy of it.
#![allow(dead_code, unreachable_pub)]

pub mod server;

use std::path::{Path, PathBuf};

use regnav::content::ids::Date;
use regnav::content::{LoadOptions, Loaded, load};
use regnav::kb::{KbFiles, Origin};

/// The fixed "today" of the tests, so staleness never depends on the clock.
pub fn today() -> Date {
    Date::parse("2026-11-26").unwrap()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture folders of one kind (`valid`, `invalid`), sorted.
pub fn fixture_cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures().join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Copies `valid/basic` into a temp dir and lays `overlay` (if any) over it.
pub fn kb_with_overlay(overlay: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("valid/basic"), dir.path());
    if let Some(o) = overlay {
        copy_tree(o, dir.path());
    }
    dir
}

/// Every file under `dir` with its bytes, by `/`-separated relative path, sorted.
#[allow(dead_code)] // not every test crate compares sites
pub fn tree_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Builds `root` with the `regnav` binary into `site/` of a temporary folder
/// (kept alive by the returned handle); `base_url` as `--base-url`.
pub fn build_site(root: &Path, base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_regnav"));
    cmd.args(["build", "--quiet"]);
    if let Some(b) = base_url {
        cmd.args(["--base-url", b]);
    }
    let st = cmd
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(st.success(), "regnav build of {}", root.display());
    (out, site)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from).sort_by_file_name() {
        let item = item.unwrap();
        let rel = item.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(item.path(), &dest).unwrap();
        }
    }
}

pub fn load_dir(root: &Path) -> Result<Loaded, regnav::Error> {
    let files = KbFiles::read(&Origin::Dir(root.to_path_buf())).unwrap();
    load(
        &files,
        LoadOptions {
            today: today(),
            drafts: false,
        },
    )
}

/// One line per diagnostic: `error[code] file:line:col: message (help)`,
/// followed by the quoted line — what a snapshot pins.
pub fn describe(diags: &[regnav::diag::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let sev = if d.is_error() { "error" } else { "warning" };
        out.push_str(&format!(
            "{sev}[{}] {}:{}:{}: {}",
            d.code, d.file, d.line, d.column, d.message
        ));
        if let Some(h) = &d.help {
            out.push_str(&format!(" ({h})"));
        }
        out.push('\n');
        if let Some(l) = &d.source_line {
            out.push_str(&format!("    | {l}\n"));
        }
    }
    out
}

/// A tiny deterministic PRNG (xorshift64*), so random tests reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Relevance figures of one engine over the question set, per language:
/// MRR, recall@5 (the share of the expected entries in the first five) and
/// top-5 (the share of questions with an expected entry in the first five —
/// what a user sees as "answered").
#[derive(Default)]
pub struct Relevance {
    by_lang: std::collections::BTreeMap<String, [f64; 4]>,
    pub misses: Vec<String>,
}

impl Relevance {
    /// Scores one question's ranked ids against the ids that answer it.
    pub fn add(&mut self, q: &str, lang: &str, expect: &[String], ids: &[String]) {
        let rank = ids.iter().position(|id| expect.contains(id));
        let rr = rank.map(|r| 1.0 / (r as f64 + 1.0)).unwrap_or(0.0);
        let found = expect
            .iter()
            .filter(|e| ids.iter().take(5).any(|id| id == *e))
            .count();
        let top5 = if rank.is_some_and(|r| r < 5) {
            1.0
        } else {
            0.0
        };
        let l = self.by_lang.entry(lang.to_string()).or_default();
        l[0] += rr;
        l[1] += found as f64 / expect.len() as f64;
        l[2] += top5;
        l[3] += 1.0;
        if rank.is_none_or(|r| r > 0) {
            self.misses.push(format!(
                "{q} [{lang}] → {:?} (want {expect:?})",
                &ids[..ids.len().min(3)]
            ));
        }
    }

    /// (MRR, recall@5, top-5) over every question.
    pub fn overall(&self) -> (f64, f64, f64) {
        let t = self.by_lang.values().fold([0.0; 4], |a, l| {
            [a[0] + l[0], a[1] + l[1], a[2] + l[2], a[3] + l[3]]
        });
        (t[0] / t[3], t[1] / t[3], t[2] / t[3])
    }

    /// The lowest top-5 share of any language.
    pub fn worst_top5(&self) -> f64 {
        self.by_lang
            .values()
            .map(|l| l[2] / l[3])
            .fold(1.0, f64::min)
    }

    /// Prints the figures, overall and per language, then the questions whose
    /// answer was not first.
    pub fn print(&self, engine: &str) {
        let (mrr, r5, top5) = self.overall();
        let n: f64 = self.by_lang.values().map(|l| l[3]).sum();
        println!("{engine}: {n} queries, MRR {mrr:.3}, recall@5 {r5:.3}, top-5 {top5:.3}");
        for (lang, l) in &self.by_lang {
            println!(
                "  {lang}: {} queries, MRR {:.3}, recall@5 {:.3}, top-5 {:.3}",
                l[3],
                l[0] / l[3],
                l[1] / l[3],
                l[2] / l[3]
            );
        }
        for m in &self.misses {
            println!("  not first: {m}");
        }
    }
}

/// Runs a node script of `tests/` (a parity runner: the page's JavaScript
/// over the site's data) with `dir/data.json` and `input` written to
/// `dir/<input_name>`, and returns what it prints (a JSON array).
pub fn node_parity(
    script: &str,
    dir: &std::path::Path,
    input_name: &str,
    input: &serde_json::Value,
) -> Vec<serde_json::Value> {
    std::fs::write(dir.join(input_name), serde_json::to_vec(input).unwrap()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(dir.join("data.json"))
        .arg(dir.join(input_name))
        .output()
        .expect("node is installed (.ci/run installs nodejs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
