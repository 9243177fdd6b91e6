//! The dev server's incremental loader (`LiveLibrary::update`) must end where
//! a fresh load of the same files ends: same entries, same indexes, same
//! diagnostics. Checked over every fixture (good to broken and back) and
//! over a long random series of edits of the bundled knowledge base.

mod common;

use regnav::content::{Library, LiveLibrary, LoadOptions};
use regnav::kb::{KbFiles, Origin, RawFile};

fn opts() -> LoadOptions {
    LoadOptions {
        today: common::today(),
        drafts: false,
    }
}

fn read(root: &std::path::Path) -> KbFiles {
    KbFiles::read(&Origin::Dir(root.to_path_buf())).unwrap()
}

/// Entries (front matter as serialised, bodies), indexes and diagnostics.
fn state(live: &LiveLibrary) -> String {
    fn lib_state(lib: &Library) -> String {
        let mut out = String::new();
        for (id, e) in &lib.entries {
            let bodies: Vec<(&str, std::sync::Arc<str>)> = e
                .bodies
                .iter()
                .map(|(l, b)| (l.as_str(), b.text()))
                .collect();
            out.push_str(&format!(
                "{id} {} {bodies:?}\n",
                serde_json::to_string(e).unwrap()
            ));
        }
        out.push_str(&format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n",
            lib.requirements_by_jurisdiction,
            lib.contacts_by_code,
            lib.document_markets,
            lib.backlinks
        ));
        out
    }
    format!(
        "{}{}",
        lib_state(live.library()),
        common::describe(&live.diagnostics(|_| true))
    )
}

fn fresh(kb: &KbFiles) -> String {
    state(&LiveLibrary::load(kb, opts()).unwrap())
}

/// Asserts that the live state equals a fresh load's, naming the first line
/// that differs (the states are long).
fn assert_same(live: &LiveLibrary, kb: &KbFiles, what: &str) {
    let (got, want) = (state(live), fresh(kb));
    if got != want {
        let diff = got
            .lines()
            .zip(want.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("updated: {a:.400}\nfresh:   {b:.400}"))
            .unwrap_or_else(|| "one state is longer".to_string());
        panic!("{what}: the updated library differs from a fresh load\n{diff}");
    }
}

#[test]
fn updating_from_one_fixture_to_another_equals_loading_it() {
    let basic = read(&common::fixtures().join("valid/basic"));
    let mut live = LiveLibrary::load(&basic, opts()).unwrap();
    let mut cases = 0;
    for kind in ["invalid", "valid"] {
        for case in common::fixture_cases(kind) {
            let dir = common::kb_with_overlay(Some(&case));
            let kb = read(dir.path());
            if kb.config != basic.config {
                continue; // another regnav.yaml: the server loads anew
            }
            cases += 1;
            let name = case.display();
            // Told nothing: every file is compared.
            live.update(&kb, None);
            assert_same(&live, &kb, &format!("basic → {name}"));
            live.update(&basic, None);
            assert_same(&live, &basic, &format!("{name} → basic"));
            // Told which files changed, as the watcher does.
            let rels: Vec<String> = kb
                .files
                .iter()
                .map(|f| f.rel.clone())
                .chain(basic.files.iter().map(|f| f.rel.clone()))
                .collect();
            let changed = live.update(&kb, Some(&rels));
            assert_same(&live, &kb, &format!("basic → {name} (hinted)"));
            if kb.files.len() == basic.files.len()
                && kb
                    .files
                    .iter()
                    .zip(&basic.files)
                    .all(|(a, b)| a.bytes == b.bytes)
            {
                assert!(changed.is_empty(), "{name}: nothing changed: {changed:?}");
            }
            live.update(&basic, Some(&rels));
            assert_same(&live, &basic, &format!("{name} → basic (hinted)"));
        }
    }
    assert!(cases >= 20, "only {cases} fixtures compared");
}

/// `build`'s load (`LiveLibrary::load_owned`) reads each file as it parses
/// it, takes the parse apart as its entry is made, keeps only the files that
/// failed, and releases
/// bodies beyond a budget (read again from their files when needed): it must
/// find the same entries, indexes and diagnostics as the dev server's load.
#[test]
fn the_load_that_drops_its_files_equals_the_one_that_keeps_them() {
    let mut cases = 0;
    for kind in ["invalid", "valid"] {
        for case in common::fixture_cases(kind) {
            let dir = common::kb_with_overlay(Some(&case));
            let kb = read(dir.path());
            let Ok(kept) = LiveLibrary::load(&kb, opts()) else {
                continue; // an unusable regnav.yaml: neither loads
            };
            let dropped = LiveLibrary::load_owned(read(dir.path()), opts(), None).unwrap();
            assert_eq!(
                state(&dropped),
                state(&kept),
                "{}: the one-shot load differs",
                case.display()
            );
            let release = regnav::content::Release {
                root: dir.path().to_path_buf(),
                held_bytes: 0,
                on_release: || {},
            };
            // As `build` loads: files listed, each read as it is parsed.
            let listed = KbFiles::list(&Origin::Dir(dir.path().to_path_buf())).unwrap();
            assert!(listed.deferred && listed.files.iter().all(|f| f.bytes.is_empty()));
            let released = LiveLibrary::load_owned(listed, opts(), Some(&release)).unwrap();
            assert!(
                released
                    .library()
                    .entries
                    .values()
                    .flat_map(|e| e.bodies.values())
                    .all(|b| b.markdown().is_empty()),
                "{}: every body released",
                case.display()
            );
            assert_eq!(
                state(&released),
                state(&kept),
                "{}: the load that releases bodies differs",
                case.display()
            );
            assert!(released.library().rereads.failures().is_empty());
            cases += 1;
        }
    }
    assert!(cases >= 40, "only {cases} fixtures compared");
}

/// One random edit of an editor: removes, restores, rewrites a title, adds a
/// link (to an entry or to nothing), breaks the YAML, or adds a body to a
/// file that had none.
fn edit(kb: &mut KbFiles, original: &KbFiles, rng: &mut common::Rng) -> String {
    let i = rng.below(original.files.len());
    let rel = original.files[i].rel.clone();
    let pos = kb.files.iter().position(|f| f.rel == rel);
    let current = pos.map(|p| String::from_utf8_lossy(&kb.files[p].bytes).to_string());
    let target = original.files[rng.below(original.files.len())]
        .rel
        .trim_end_matches(".md")
        .trim_end_matches(".ja")
        .trim_end_matches(".en")
        .to_string();
    let text = match (rng.below(7), current) {
        (0, Some(_)) => None,
        (_, None) => Some(String::from_utf8_lossy(&original.files[i].bytes).to_string()),
        (1, Some(t)) => Some(t.replacen("title:", "title: Edited", 1)),
        (2, Some(t)) => Some(format!("{t}\nSee [@{target}](@{target}).\n")),
        (3, Some(t)) => Some(format!("{t}\nSee [nothing](@guides/no-such-entry).\n")),
        (4, Some(t)) => Some(t.replacen("---\n", "---\n: : [\n", 1)),
        (5, Some(t)) => Some(format!("{t}\n## A new heading {{#new-anchor}}\n")),
        (_, Some(t)) => Some(t.replacen("last_reviewed:", "last_reviewed: 2020-01-01\nx_last:", 1)),
    };
    if let Some(p) = pos {
        kb.files.remove(p);
    }
    if let Some(t) = text {
        kb.files.push(RawFile {
            rel: rel.clone(),
            bytes: t.into_bytes(),
        });
        kb.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    rel
}

#[test]
fn a_long_series_of_edits_of_the_bundled_knowledge_base_equals_loading_it() {
    let original = read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut kb = original.clone();
    let mut live = LiveLibrary::load(&kb, opts()).unwrap();
    let mut rng = common::Rng(0x5eed_1234_abcd);
    for step in 0..60 {
        let mut rels = vec![edit(&mut kb, &original, &mut rng)];
        if step % 5 == 0 {
            rels.push(edit(&mut kb, &original, &mut rng)); // two files at once
        }
        live.update(&kb, Some(&rels));
        assert_same(&live, &kb, &format!("step {step}: {rels:?}"));
    }
    live.update(&original, None);
    assert_same(&live, &original, "back to the original");
}
