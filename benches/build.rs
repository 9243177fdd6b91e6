//! Times `regnav build` (load + validate + render all pages in both
//! languages + static search index + data) on generated knowledge bases.
//! Run: `cargo bench --bench build` (REGNAV_BENCH_SIZES=1000,10000,100000 to choose).

use std::time::Instant;

use regnav::content::{LoadOptions, load};
use regnav::kb::{KbFiles, Origin};

fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

/// Reads, validates and builds the knowledge base in `root` into `root/site`.
fn build_once(root: &std::path::Path) -> (usize, f64) {
    let start = Instant::now();
    let files = KbFiles::read(&Origin::Dir(root.to_path_buf())).expect("read");
    let today = regnav::content::ids::Date::parse("2026-11-26").expect("date");
    let loaded = load(
        &files,
        LoadOptions {
            today,
            drafts: false,
        },
    )
    .expect("load");
    assert!(!loaded.has_errors());
    let opts = regnav::site::BuildOptions {
        out: root.join("site"),
        base_url: None,
        root: None,
        today,
        progress: false,
    };
    let report = regnav::site::build(&loaded.library, &opts)
        .map_err(|_| "build failed")
        .expect("build");
    (report.pages, start.elapsed().as_secs_f64())
}

fn main() {
    let sizes = regnav::synth::bench_sizes("1000,10000");
    println!(
        "| entries | pages | first build (s) | rebuild (s, median of 3) | peak RSS (MB, whole process) |\n| --- | --- | --- | --- | --- |"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp");
        regnav::synth::generate(dir.path(), n).expect("generate");
        let (pages, first) = build_once(dir.path());
        let mut again: Vec<f64> = (0..3).map(|_| build_once(dir.path()).1).collect();
        again.sort_by(f64::total_cmp);
        println!(
            "| {n} | {pages} | {first:.2} | {:.2} | {} |",
            again[1],
            peak_rss_mb()
        );
    }
}
