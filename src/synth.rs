//! Synthetic knowledge bases in regnav's own format, for benchmarks and scale
//! tests: `n` entries (jurisdictions, requirements, documents, contacts,
//! guides in realistic proportions), every one bilingual with a translation
//! file, cross-referenced and valid. Deterministic for a given `n`.
//!
//! The text is drawn from the vocabulary of the knowledge base built into
//! regnav (English words and Japanese runs, with the frequencies they have
//! there, so terms follow the real, Zipf-like distribution) at the lengths of
//! its bodies (about 2,000 characters in English, 1,000 in Japanese): search
//! and build figures on it say something about real content.

use std::fmt::Write as _;
use std::path::Path;

use crate::content::ids::Category;
use crate::content::parse::body_hash;

const CODES: &[&str] = &[
    "th", "vn", "id", "ph", "my", "sg", "us", "jp", "kr", "tw", "cn", "in", "au", "ca", "br", "mx",
    "sa", "ae", "eg", "za", "ke", "ng", "tr", "gb", "ch", "de", "fr", "it", "es", "pl",
];
/// Counts of each kind for a knowledge base of `n` entries.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Jurisdictions.
    pub jurisdictions: usize,
    /// Documents.
    pub documents: usize,
    /// Contacts.
    pub contacts: usize,
    /// Guides.
    pub guides: usize,
    /// Requirements (the rest).
    pub requirements: usize,
}

impl Shape {
    /// The proportions of a real knowledge base, scaled to `n` entries.
    pub fn for_entries(n: usize) -> Shape {
        let jurisdictions = (n / 100).clamp(3, CODES.len());
        let documents = (n / 40).max(3);
        let contacts = (n / 20).max(3);
        let guides = (n / 50).max(1);
        let requirements = n
            .saturating_sub(jurisdictions + documents + contacts + guides)
            .max(1);
        Shape {
            jurisdictions,
            documents,
            contacts,
            guides,
            requirements,
        }
    }
}

/// Words with their cumulative frequencies, to draw from.
struct Pool {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Pool {
    fn new(counts: std::collections::HashMap<String, u64>) -> Pool {
        let mut v: Vec<(String, u64)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut total = 0;
        let (words, cumulative) = v
            .into_iter()
            .map(|(w, c)| {
                total += c;
                (w, total)
            })
            .unzip();
        Pool { words, cumulative }
    }

    fn draw(&self, rng: &mut u64) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0).max(1);
        let x = next(rng) % total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.words.get(i).map(String::as_str).unwrap_or("device")
    }
}

/// splitmix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The English words and Japanese runs of the built-in knowledge base's bodies.
fn pools() -> &'static (Pool, Pool) {
    static POOLS: std::sync::OnceLock<(Pool, Pool)> = std::sync::OnceLock::new();
    POOLS.get_or_init(|| {
        let mut en = std::collections::HashMap::new();
        let mut ja = std::collections::HashMap::new();
        let files = crate::kb::KbFiles::read(&crate::kb::Origin::Embedded)
            .map(|f| f.files)
            .unwrap_or_default();
        for f in &files {
            let text = String::from_utf8_lossy(&f.bytes);
            let body = text.splitn(3, "---").nth(2).unwrap_or_default();
            let mut word = String::new();
            let mut run = String::new();
            for c in body.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_alphabetic() {
                    word.push(c.to_ascii_lowercase());
                } else {
                    if word.len() > 1 {
                        *en.entry(std::mem::take(&mut word)).or_insert(0) += 1;
                    }
                    word.clear();
                }
                if crate::search::analyzer::is_cjk(c) {
                    run.push(c);
                } else {
                    if run.chars().count() > 1 {
                        *ja.entry(std::mem::take(&mut run)).or_insert(0) += 1;
                    }
                    run.clear();
                }
            }
        }
        if en.is_empty() {
            en.insert("device".to_string(), 1);
        }
        if ja.is_empty() {
            ja.insert("医療機器".to_string(), 1);
        }
        (Pool::new(ja), Pool::new(en))
    })
}

/// `n` words (English) or runs (Japanese, joined as sentences) drawn for `seed`.
fn words(ja: bool, seed: usize, n: usize) -> String {
    let (pool_ja, pool_en) = pools();
    let mut rng = (seed as u64).wrapping_mul(2).wrapping_add(u64::from(ja));
    let mut out = String::new();
    for i in 0..n {
        if ja {
            out.push_str(pool_ja.draw(&mut rng));
            if i % 5 == 4 {
                out.push('。');
            }
        } else {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(pool_en.draw(&mut rng));
        }
    }
    out
}

fn body(seed: usize, ja: bool, links: &[String]) -> String {
    let mut s = String::new();
    for p in 0..3 {
        let part = seed * 3 + p + 1_000_003;
        let _ = writeln!(s, "## {}\n", words(ja, part, if ja { 2 } else { 3 }));
        let text = if ja {
            words(ja, part * 7, 22)
        } else {
            words(ja, part * 7, 95)
        };
        let _ = writeln!(s, "{text}\n");
    }
    for l in links {
        let _ = writeln!(s, "- [{}](@{l})", l.rsplit('/').next().unwrap_or_default());
    }
    s
}

/// Writes a knowledge base of about `n` entries into `root`.
pub fn generate(root: &Path, n: usize) -> std::io::Result<Shape> {
    let shape = Shape::for_entries(n);
    std::fs::write(
        root.join("regnav.yaml"),
        "title: {ja: 合成ナビ, en: Synthetic Navigator}\nbase_url: https://example.org/\nlanguages: [ja, en]\ndefault_language: ja\nstale_after_days: 100000\n",
    )?;
    let c = root.join("content");
    let write = |rel: &str, front: &str, ja: &str, en: &str| -> std::io::Result<()> {
        let path = c.join(format!("{rel}.md"));
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&path, format!("---\n{front}---\n{ja}"))?;
        std::fs::write(
            c.join(format!("{rel}.en.md")),
            format!("---\ntranslated_from: {}\n---\n{en}", body_hash(ja)),
        )
    };
    let src = "sources: [{title: Synthetic source, url: \"https://example.org/source\", accessed: 2026-01-01}]\nlast_reviewed: 2026-01-01\n";
    let text = |kind: &str, i: usize| {
        let k = 4 * (i + 1_000_000 * kind.chars().next().map_or(0, |c| c as usize % 97));
        format!(
            "title: {{ja: \"{} {kind}{i}\", en: \"{} {kind} {i}\"}}\nsummary: {{ja: \"{}。\", en: \"{}.\"}}\n",
            words(true, k + 1, 2).replace('。', ""),
            words(false, k + 1, 2),
            words(true, k + 2, 6).replace('。', ""),
            words(false, k + 2, 8)
        )
    };
    for i in 0..shape.documents {
        write(
            &format!("documents/doc-{i}"),
            &format!("{}standards: [\"ISO {i}\"]\n{src}", text("文書", i)),
            &body(1_000_000 + i, true, &[]),
            &body(1_000_000 + i, false, &[]),
        )?;
    }
    for i in 0..shape.contacts {
        let code = CODES[i % shape.jurisdictions];
        write(
            &format!("contacts/{code}/contact-{i}"),
            &format!(
                "{}type: {}\norganisation: {{ja: 機関{i}, en: Agency {i}}}\nhelps_with: {{ja: 相談, en: Questions}}\nurl: \"https://example.org/c/{i}\"\n{src}",
                text("窓口", i),
                if i % 3 == 0 {
                    "regulator"
                } else {
                    "embassy-business-desk"
                }
            ),
            &body(2_000_000 + i, true, &[]),
            &body(2_000_000 + i, false, &[]),
        )?;
    }
    for (j, code) in CODES.iter().enumerate().take(shape.jurisdictions) {
        let front = format!(
            "title: {{ja: \"国{j}\", en: \"Country {j}\"}}\nsummary: {{ja: \"国{j}の規制。\", en: \"Rules of country {j}.\"}}\nregion: asia\nregulator: {{name: {{ja: 当局{j}, en: Authority {j}, local: Local {j}}}, acronym: A{j}, url: \"https://example.org/r/{j}\"}}\nlegal_basis: [{{title: {{en: Act {j}}}, url: \"https://example.org/law/{j}\"}}]\nclasses: [\"1\", \"2\", \"3\", \"4\"]\nclass_map: {{A: \"1\", B: \"2\", C: \"3\", D: \"4\"}}\nlocal_representative: required\nlabelling_languages: [en]\naccepts_reference: [us, eu]\naliases: [Country{j}, 国{j}]\n{src}"
        );
        write(
            &format!("jurisdictions/{code}"),
            &front,
            &body(3_000_000 + j, true, &[]),
            &body(3_000_000 + j, false, &[]),
        )?;
    }
    for i in 0..shape.requirements {
        let j = i % shape.jurisdictions;
        let k = i / shape.jurisdictions;
        let code = CODES[j];
        let class = 1 + k % 4;
        let depends = if k > 0 && !k.is_multiple_of(5) {
            format!(
                "depends_on: [requirements/{code}/req-{}]\n",
                i - shape.jurisdictions
            )
        } else {
            String::new()
        };
        let applies = match k % 4 {
            0 => String::new(),
            1 => format!("applies: {{all: [\"class:{class}\"]}}\n"),
            2 => format!(
                "applies: {{any: [\"class:{class}\", \"attr:software\"], none: [\"ref:us\"]}}\n"
            ),
            _ => "applies: {any: [\"ref:us\", \"ref:eu\"]}\n".to_string(),
        };
        let front = format!(
            "{}category: {}\n{applies}step: {}\n{depends}duration_days: {{min: {}, max: {}}}\nfees: [{{amount: {}, currency: USD, as_of: 2026-01-01, source: 0}}]\ndocuments: [documents/doc-{}, documents/doc-{}]\ncontacts: [contacts/{code}/contact-{j}]\n{src}",
            text("要件", i),
            Category::ALL[k % Category::ALL.len()].as_str(),
            k + 1,
            10 + k % 30,
            40 + k % 90,
            100 * (1 + k % 7),
            i % shape.documents,
            (i * 7 + 3) % shape.documents
        );
        let links = vec![
            format!("jurisdictions/{code}"),
            format!("documents/doc-{}", i % shape.documents),
        ];
        write(
            &format!("requirements/{code}/req-{i}"),
            &front,
            &body(4_000_000 + i, true, &links),
            &body(4_000_000 + i, false, &links),
        )?;
    }
    for i in 0..shape.guides {
        let front = format!(
            "{}jurisdictions: [jurisdictions/{}]\n{src}",
            text("案内", i),
            CODES[i % shape.jurisdictions]
        );
        write(
            &format!("guides/guide-{i}"),
            &front,
            &body(5_000_000 + i, true, &[]),
            &body(5_000_000 + i, false, &[]),
        )?;
    }
    Ok(shape)
}

/// The sizes a benchmark runs at: `REGNAV_BENCH_SIZES=1000,10000` or `default`.
pub fn bench_sizes(default: &str) -> Vec<usize> {
    std::env::var("REGNAV_BENCH_SIZES")
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Generates a knowledge base of `n` entries into `root` and loads it.
pub fn generated_library(root: &Path, n: usize) -> Result<crate::content::Library, crate::Error> {
    generate(root, n).map_err(|e| crate::Error::Io(root.to_path_buf(), e))?;
    let files = crate::kb::KbFiles::read(&crate::kb::Origin::Dir(root.to_path_buf()))?;
    let today = crate::content::ids::Date::parse("2026-11-26").map_err(crate::Error::Usage)?;
    Ok(crate::content::load(
        &files,
        crate::content::LoadOptions {
            today,
            drafts: false,
        },
    )?
    .library)
}
