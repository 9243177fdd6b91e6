//! The benchmark generator writes valid knowledge bases (else the benchmarks
//! would time error paths).

#[test]
fn generated_knowledge_base_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let shape = regnav::synth::generate(dir.path(), 500).unwrap();
    let files =
        regnav::kb::KbFiles::read(&regnav::kb::Origin::Dir(dir.path().to_path_buf())).unwrap();
    let opts = regnav::content::LoadOptions {
        today: regnav::content::ids::Date::parse("2026-11-26").unwrap(),
        drafts: false,
    };
    let loaded = regnav::content::load(&files, opts).unwrap();
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(3)]
    );
    assert_eq!(
        loaded.library.entries.len(),
        shape.jurisdictions + shape.documents + shape.contacts + shape.guides + shape.requirements
    );
}
