//! Times `check` (load + validate) on generated knowledge bases of 1k, 10k
//! and 100k entries (each entry is two files: original + translation).
//! Run: `cargo bench --bench check`.

use regnav::content::{LoadOptions, load};
use regnav::kb::{KbFiles, Origin};

fn main() {
    divan::main();
}

fn kb(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    regnav::synth::generate(dir.path(), n).expect("generate");
    dir
}

/// Read every file and load + validate: what `regnav check` does.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5, sample_size = 1)]
fn check(bencher: divan::Bencher, n: usize) {
    let dir = kb(n);
    let origin = Origin::Dir(dir.path().to_path_buf());
    let opts = LoadOptions {
        today: regnav::content::ids::Date::parse("2026-11-26").expect("date"),
        drafts: false,
    };
    bencher.bench(|| {
        let files = KbFiles::read(&origin).expect("read");
        let loaded = load(&files, opts).expect("load");
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
        loaded.library.entries.len()
    });
}
