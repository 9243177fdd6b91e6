//! Search at scale: tantivy index build time, size and query latency
//! (p50/p95), and the static index's size and the bytes a browser downloads
//! for a first query. Run: `cargo bench --bench search`
//! (REGNAV_BENCH_SIZES=1000,10000,100000 to choose).

use std::time::Instant;

use regnav::search::{SearchIndex, SearchRequest};

const QUERIES: &[&str] = &[
    "医療機器 登録",
    "device registration",
    "申請 審査",
    "quality management",
    "registraton fee",
    "臨床 評価",
    "labelling",
    "タイ クラスB 登録",
    "safety performance",
    "輸入 許可",
];

fn dir_size(p: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn main() {
    let sizes = regnav::synth::bench_sizes("1000,10000");
    println!(
        "| entries | docs (× languages) | tantivy build (s) | tantivy size (MB) | query p50 (ms) | query p95 (ms) | static index (MB, en) | first query download (KB) |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp");
        let lib = regnav::synth::generated_library(dir.path(), n).expect("generate");
        let docs = regnav::search::document::documents(&lib);
        let start = Instant::now();
        let index = SearchIndex::create_in_dir(&dir.path().join("idx"), &docs)
            .expect("index")
            .with_lexicon(&lib);
        let build_s = start.elapsed().as_secs_f64();
        let size = dir_size(&dir.path().join("idx")) as f64 / 1e6;
        let mut times = Vec::new();
        let mut per_query = vec![Vec::new(); QUERIES.len()];
        for round in 0..20 {
            for (i, q) in QUERIES.iter().enumerate() {
                let t = Instant::now();
                let r = index.search(&SearchRequest {
                    query: q.to_string(),
                    limit: 10,
                    ..Default::default()
                });
                if round > 0 {
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    per_query[i].push(t.elapsed().as_secs_f64() * 1000.0);
                }
                std::hint::black_box(r);
            }
        }
        if std::env::var_os("REGNAV_BENCH_VERBOSE").is_some() {
            for (q, t) in QUERIES.iter().zip(per_query.iter_mut()) {
                t.sort_by(f64::total_cmp);
                eprintln!("{n}: {q:?} median {:.2} ms", t[t.len() / 2]);
            }
        }
        times.sort_by(f64::total_cmp);
        let p = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
        // The static index (English), and what a browser fetches for a first
        // query: the real searcher run in node, counting the files it asks for.
        let sdir = dir.path().join("static");
        let en: Vec<_> = docs
            .iter()
            .filter(|d| d.lang == regnav::content::ids::Lang::En)
            .collect();
        {
            std::fs::create_dir_all(&sdir).expect("dir");
            regnav::search::static_index::write(
                "en",
                &en,
                &regnav::search::understand::Lexicon::new(&lib),
                &|name: &str, text: String| std::fs::write(sdir.join(name), text),
            )
        }
        .expect("static");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/static_search.js");
        let first: Vec<String> = [
            "device registration",
            "quality management",
            "registraton fee",
        ]
        .iter()
        .map(|q| {
            std::process::Command::new("node")
                .args([script, "--bytes"])
                .arg(&sdir)
                .args(["en", q])
                .output()
                .ok()
                .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
                .and_then(|v| v["bytes"].as_u64())
                .map(|b| format!("{q:?} {}", b / 1024))
                .unwrap_or_else(|| format!("{q:?} (node missing)"))
        })
        .collect();
        let first = first.join(" · ");
        println!(
            "| {n} | {} | {build_s:.2} | {size:.1} | {:.2} | {:.2} | {:.1} | {} |",
            docs.len(),
            p(0.5),
            p(0.95),
            dir_size(&sdir) as f64 / 1e6,
            first
        );
    }
}
