//! `build` keeps only so many bytes of bodies in memory and reads the rest
//! again from their files when it renders and indexes them
//! (`Library::release_texts`). The site must not change, and a file that
//! changes meanwhile must stop the build before it is published.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use regnav::content::Library;
use regnav::site::{BuildOptions, MemorySink, Scope};

fn options(out: &Path) -> BuildOptions {
    BuildOptions {
        out: out.to_path_buf(),
        base_url: None,
        root: None,
        today: common::today(),
        progress: false,
    }
}

fn render(lib: &Library) -> BTreeMap<String, Vec<u8>> {
    let sink = MemorySink::default();
    regnav::site::render_site(lib, &options(Path::new("unused")), &sink, &Scope::All).unwrap();
    let files = sink.files.lock().unwrap();
    files.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect()
}

/// The same files with the same bytes; names the first that differs (a
/// site is too large to print whole).
fn assert_same_site(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    if let Some((path, _)) = got.iter().find(|(p, b)| want[*p] != **b) {
        panic!("{path} differs with released bodies");
    }
}

fn body_bytes_held(lib: &Library) -> usize {
    lib.entries.values().map(|e| e.body_bytes_held()).sum()
}

#[test]
fn a_site_from_released_bodies_is_the_same() {
    // The repo's knowledge base: bodies in both languages, translations,
    // fallbacks, glossary links.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lib = common::load_dir(root).unwrap().library;
    let held = render(&lib);
    let all = body_bytes_held(&lib);
    assert!(
        all > 100_000,
        "the knowledge base has bodies to release: {all} bytes"
    );

    // Half the bodies held, then none: every page, search file and the open
    // data must be byte for byte the same (a library that does not hold
    // every body makes its search index before its views, not beside them).
    assert!(lib.holds_every_body());
    lib.release_texts(Some(root), all / 2);
    let half = body_bytes_held(&lib);
    assert!(half > 0 && half <= all / 2, "{half} of {all} bytes held");
    assert!(!lib.holds_every_body());
    assert_same_site(&render(&lib), &held);
    lib.release_texts(Some(root), 0);
    assert_eq!(body_bytes_held(&lib), 0);
    assert_same_site(&render(&lib), &held);
    assert!(lib.rereads.failures().is_empty());
}

#[test]
fn a_body_changed_during_the_build_stops_it_and_the_site_stays() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let lib = common::load_dir(kb.path()).unwrap().library;
    regnav::site::build(&lib, &options(&site)).unwrap();
    let page = site.join("ja/requirements/th/listing/index.html");
    let before = std::fs::read(&page).unwrap();

    let mut lib = common::load_dir(kb.path()).unwrap().library;
    lib.release_texts(Some(kb.path()), 0);
    let file = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nA sentence added after the checks.\n"),
    )
    .unwrap();
    let errors = match regnav::site::build(&lib, &options(&site)) {
        Err(regnav::site::BuildError::Changed(d)) => d,
        other => panic!("the build went on: {:?}", other.map(|r| r.pages)),
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "content/requirements/th/listing.md");
    assert!(
        errors[0].message.contains("changed during the build"),
        "{errors:?}"
    );
    assert_eq!(std::fs::read(&page).unwrap(), before, "the published page");
}
