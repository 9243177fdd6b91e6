//! Data-driven fixture tests: every folder under `tests/fixtures/invalid/`
//! is one broken knowledge base (the files in it laid over `valid/basic`);
//! its diagnostics are pinned as a snapshot. Every folder under
//! `tests/fixtures/valid/` must load with no errors. A new folder is a new test.

mod common;

use common::fixture_cases as cases;

#[test]
fn invalid_fixtures_report_the_right_file_and_line() {
    let cases = cases("invalid");
    assert!(cases.len() >= 20, "expected the full set of invalid cases");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let kb = common::kb_with_overlay(Some(&case));
        let diags = match common::load_dir(kb.path()) {
            Ok(loaded) => loaded.diagnostics,
            Err(regnav::Error::Config(d)) => vec![*d],
            Err(e) => panic!("{name}: {e}"),
        };
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert!(
            !errors.is_empty(),
            "{name}: expected an error, got {diags:?}"
        );
        // The error names a file of the case (the one that is broken).
        let case_files: Vec<String> = walkdir::WalkDir::new(&case)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&case)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert!(
            errors.iter().any(|d| case_files.contains(&d.file)),
            "{name}: no error points at {case_files:?}: {errors:?}"
        );
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("invalid", common::describe(&diags));
        });
    }
}

#[test]
fn valid_fixtures_load_without_errors() {
    for case in cases("valid") {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let overlay = (name != "basic").then_some(case.as_path());
        let kb = common::kb_with_overlay(overlay);
        let loaded = common::load_dir(kb.path()).unwrap();
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn basic_fixture_is_clean_and_indexed() {
    let kb = common::kb_with_overlay(None);
    let loaded = common::load_dir(kb.path()).unwrap();
    let warnings: Vec<_> = loaded.diagnostics.iter().collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let lib = &loaded.library;
    let th = regnav::content::ids::Code::parse("th").unwrap();
    let reqs: Vec<&str> = lib.requirements_of(&th).map(|e| e.id.as_str()).collect();
    assert_eq!(
        reqs,
        ["requirements/th/listing", "requirements/th/licence"],
        "ordered by step"
    );
    let doc = regnav::content::ids::EntryId::parse("documents/iso-13485-certificate").unwrap();
    assert!(lib.document_markets[&doc].contains(&th));
    let listing = lib
        .get(&regnav::content::ids::EntryId::parse("requirements/th/listing").unwrap())
        .unwrap();
    assert_eq!(
        listing.title.get(regnav::content::ids::Lang::Ja),
        Some("届出（クラス1・2）")
    );
    assert!(listing.bodies.len() == 2, "original and translation bodies");
}

#[test]
fn cjk_emphasis_pitfall_is_a_warning_with_position() {
    let kb = common::kb_with_overlay(Some(&common::fixtures().join("valid/cjk-emphasis")));
    let loaded = common::load_dir(kb.path()).unwrap();
    let w: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "cjk-emphasis")
        .collect();
    assert_eq!(w.len(), 2);
    assert_eq!(
        (w[0].file.as_str(), w[0].line, w[0].column),
        ("content/guides/overview.md", 9, 1)
    );
}

#[test]
fn a_translation_that_fell_behind_is_reported_with_the_new_hash() {
    let kb = common::kb_with_overlay(None);
    let path = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("File the listing", "Submit the listing"),
    )
    .unwrap();
    let loaded = common::load_dir(kb.path()).unwrap();
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "translation-behind")
        .expect("warning");
    assert_eq!(d.file, "content/requirements/th/listing.ja.md");
    assert_eq!(d.line, 2);
    assert!(d.help.as_deref().unwrap().contains("translated_from: "));
}

#[test]
fn stale_entries_warn() {
    let kb = common::kb_with_overlay(None);
    let files =
        regnav::kb::KbFiles::read(&regnav::kb::Origin::Dir(kb.path().to_path_buf())).unwrap();
    let later = regnav::content::ids::Date::parse("2028-01-01").unwrap();
    let loaded = regnav::content::load(
        &files,
        regnav::content::LoadOptions {
            today: later,
            drafts: false,
        },
    )
    .unwrap();
    assert!(
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "stale")
            .count()
            >= 6
    );
}

/// Regression: a file that fails to parse used to make every reference and
/// link to it an error too, burying the one real mistake.
#[test]
fn a_broken_file_does_not_cascade_into_its_references() {
    let kb = common::kb_with_overlay(None);
    let path = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("category: registration", "category: registation"),
    )
    .unwrap();
    std::fs::write(
        kb.path().join("content/jurisdictions/th.md"),
        std::fs::read_to_string(kb.path().join("content/jurisdictions/th.md")).unwrap(),
    )
    .unwrap();
    let loaded = common::load_dir(kb.path()).unwrap();
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("content/requirements/th/listing.md", 4)
    );
}
