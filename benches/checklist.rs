//! Times `plan` for 10 markets on generated knowledge bases.
//! Run: `cargo bench --bench checklist`.

use regnav::checklist::profile::ProfileInput;
use regnav::checklist::{Profile, plan};
use regnav::content::ids::Lang;
use regnav::content::{LoadOptions, load};
use regnav::kb::{KbFiles, Origin};

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000], sample_count = 20)]
fn plan_10_markets(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    regnav::synth::generate(dir.path(), n).expect("generate");
    let files = KbFiles::read(&Origin::Dir(dir.path().to_path_buf())).expect("read");
    let lib = load(
        &files,
        LoadOptions {
            today: regnav::content::ids::Date::parse("2026-11-26").expect("date"),
            drafts: false,
        },
    )
    .expect("load")
    .library;
    let input = ProfileInput {
        to: vec!["th,vn,id,ph,my,sg,us,jp,kr,tw".into()],
        class: vec!["C".into()],
        device_type: None,
        attrs: vec!["software".into()],
        refs: vec!["eu".into()],
    };
    let profile = Profile::parse(&lib, &input).expect("profile");
    bencher.bench(|| plan(&lib, &profile, Lang::En).markets.len());
}
