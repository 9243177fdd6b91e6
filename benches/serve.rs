//! Save → `reload` event latency of `regnav serve` on generated knowledge
//! bases: starts the release binary on port 0, edits one requirement 20
//! times in its body and 20 times in its front matter (its title: every
//! list that shows it is redone), then 8 times 2.3 s apart (when the static
//! search index has just been refreshed), and measures until the SSE
//! `reload` arrives (p50/p95).
//! Run: `cargo bench --bench serve` (REGNAV_BENCH_SIZES to choose).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/regnav");
    if !bin.exists() {
        eprintln!("build the release binary first: cargo build --release");
        return;
    }
    let sizes = regnav::synth::bench_sizes("1000,10000");
    println!("| entries | edit | save → reload p50 (ms) | p95 (ms) |\n| --- | --- | --- | --- |");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp");
        regnav::synth::generate(dir.path(), n).expect("generate");
        // A relative root, as editors type it (`--root kb`).
        let mut child = Command::new(&bin)
            .current_dir(dir.path().parent().expect("parent"))
            .args(["serve", "--port", "0", "--root"])
            .arg(dir.path().file_name().expect("name"))
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("REGNAV_TIMINGS").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("line");
        let addr = line
            .trim()
            .trim_start_matches("Serving on http://")
            .trim_end_matches('/')
            .to_string();
        let mut sse = TcpStream::connect(&addr).expect("connect");
        write!(sse, "GET /_regnav/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("write");
        sse.set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        std::thread::sleep(Duration::from_millis(500));
        let file = dir.path().join("content/requirements/th/req-0.md");
        let text = std::fs::read_to_string(&file).expect("read");
        let mut buf = [0u8; 65536];
        let mut measure = |edit: &dyn Fn(usize) -> String, pause: u64, n: usize| -> Vec<f64> {
            let mut times = Vec::new();
            for i in 0..n {
                std::thread::sleep(Duration::from_millis(pause));
                let t = Instant::now();
                std::fs::write(&file, edit(i)).expect("write");
                loop {
                    let k = sse.read(&mut buf).expect("sse");
                    if String::from_utf8_lossy(&buf[..k]).contains("event: reload") {
                        break;
                    }
                }
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            times
        };
        let body = measure(&|i| format!("{text}\nEdit {i}.\n"), 300, 20);
        let title = measure(
            &|i| text.replacen("title: {ja: \"", &format!("title: {{ja: \"編集{i} "), 1),
            300,
            20,
        );
        // After a pause long enough for the static search index to be
        // refreshed (two quiet seconds): a save may wait for that refresh.
        let paused = measure(&|i| format!("{text}\nLater edit {i}.\n"), 2300, 8);
        let _ = child.kill();
        let _ = child.wait();
        for (what, times) in [
            ("body", body),
            ("title", title),
            ("body, 2.3 s after the last", paused),
        ] {
            println!(
                "| {n} | {what} | {:.0} | {:.0} |",
                times[times.len() / 2],
                times[(times.len() * 95 / 100).min(times.len() - 1)]
            );
        }
    }
}
