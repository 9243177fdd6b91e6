//! How the file events of one save are spread in time, for the ways editors
//! save, as `regnav serve` sees them (notify's recommended watcher). The
//! dev server rebuilds once the files have been quiet for `--debounce`
//! milliseconds; this is the measurement that default rests on.
//! Run: `cargo bench --bench save_events`.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

/// Writes `text` into the file at the path, as some editor does.
type Save = fn(&Path, &str);

/// The ways editors write a file.
fn saves() -> Vec<(&'static str, Save)> {
    vec![
        ("in place (truncate + write)", |p, t| {
            std::fs::write(p, t).expect("write")
        }),
        ("atomic (temp file + rename)", |p, t| {
            let tmp = p.with_extension("md.tmp");
            std::fs::write(&tmp, t).expect("write");
            std::fs::rename(&tmp, p).expect("rename");
        }),
        ("vim (rename to backup, write, delete backup)", |p, t| {
            let backup = p.with_extension("md~");
            std::fs::rename(p, &backup).expect("rename");
            std::fs::write(p, t).expect("write");
            std::fs::remove_file(&backup).expect("remove");
        }),
        ("in place, written in 4 KiB chunks with fsync", |p, t| {
            use std::io::Write;
            let mut f = std::fs::File::create(p).expect("create");
            for chunk in t.as_bytes().chunks(4096) {
                f.write_all(chunk).expect("write");
            }
            f.sync_all().expect("sync");
        }),
    ]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("entry.md");
    std::fs::write(&file, "start").expect("write");
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).expect("watcher");
    watcher
        .watch(dir.path(), RecursiveMode::Recursive)
        .expect("watch");
    let text = "x".repeat(20_000);
    println!("| save | events | spread p50 (ms) | max (ms) |\n| --- | --- | --- | --- |");
    for (name, save) in saves() {
        let mut spreads = Vec::new();
        let mut counts = Vec::new();
        for i in 0..30 {
            std::thread::sleep(Duration::from_millis(50));
            while rx.try_recv().is_ok() {}
            save(&file, &format!("{text}{i}"));
            let mut times: Vec<Instant> = Vec::new();
            // Everything that arrives until 200 ms of quiet belongs to this save.
            while let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
                if let Ok(e) = e
                    && !matches!(e.kind, notify::EventKind::Access(_))
                {
                    times.push(Instant::now());
                }
            }
            let spread = match (times.first(), times.last()) {
                (Some(a), Some(b)) => b.duration_since(*a).as_secs_f64() * 1000.0,
                _ => 0.0,
            };
            spreads.push(spread);
            counts.push(times.len());
        }
        spreads.sort_by(f64::total_cmp);
        counts.sort();
        println!(
            "| {name} | {} | {:.2} | {:.2} |",
            counts[counts.len() / 2],
            spreads[spreads.len() / 2],
            spreads[spreads.len() - 1]
        );
    }
}
