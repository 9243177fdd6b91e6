//! Fuzz-style robustness test on stable Rust: thousands of seeded random
//! mutations of the valid fixture files (truncate, flip bytes, delete or
//! duplicate lines, insert YAML punctuation) go through the real loader,
//! which must never panic — only report diagnostics.

mod common;

use common::Rng;
use regnav::content::{LoadOptions, load};
use regnav::kb::{KbFiles, Origin, RawFile};

const SNIPPETS: &[&[u8]] = &[
    b"---\n",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"- ",
    b"\"",
    b"'",
    b"#",
    b"@",
    b"\t",
    b"\xe3\x81\x82",
    b"\xff",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"<<: ",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"[x](@requirements/th/",
    b"class:",
    b"ref:",
];

fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 => b.truncate(rng.below(b.len() + 1)),
            1 => {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
            2 | 3 => {
                let mut lines: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
                if !lines.is_empty() {
                    let i = rng.below(lines.len());
                    if rng.below(2) == 0 {
                        lines.remove(i);
                    } else {
                        lines.insert(i, lines[i]);
                    }
                }
                b = lines.concat();
            }
            _ => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())];
                let i = rng.below(b.len() + 1);
                b.splice(i..i, s.iter().copied());
            }
        }
    }
    b
}

#[test]
fn random_mutations_never_panic_the_loader() {
    let kb = common::kb_with_overlay(None);
    let base = KbFiles::read(&Origin::Dir(kb.path().to_path_buf())).unwrap();
    let opts = LoadOptions {
        today: common::today(),
        drafts: false,
    };
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut with_errors = 0;
    for _ in 0..3000 {
        let mut files: Vec<RawFile> = base.files.clone();
        for _ in 0..=rng.below(2) {
            let i = rng.below(files.len());
            files[i].bytes = mutate(&mut rng, &files[i].bytes);
        }
        let kb = KbFiles {
            files,
            ..base.clone()
        };
        let loaded = load(&kb, opts).expect("config untouched");
        if loaded.has_errors() {
            with_errors += 1;
        }
        for d in &loaded.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
            let _ = regnav::diag::render_human(std::slice::from_ref(d), false);
        }
    }
    assert!(
        with_errors > 1000,
        "mutations should mostly break files: {with_errors}"
    );
}

#[test]
fn random_config_mutations_never_panic() {
    let kb = common::kb_with_overlay(None);
    let base = KbFiles::read(&Origin::Dir(kb.path().to_path_buf())).unwrap();
    let mut rng = Rng(42);
    for _ in 0..1000 {
        let bytes = mutate(&mut rng, base.config.as_bytes());
        let text = String::from_utf8_lossy(&bytes).to_string();
        let _ = regnav::config::Config::parse("regnav.yaml", &text);
    }
}
