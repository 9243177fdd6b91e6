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

/// Prints one language's relevance figures (MRR and recall@5 sums over `n`).
pub fn print_language_figures(lang: &str, mrr_sum: f64, recall_sum: f64, n: usize) {
    let n = n as f64;
    println!(
        "  {lang}: {n} queries, MRR {:.3}, recall@5 {:.3}",
        mrr_sum / n,
        recall_sum / n
    );
}
