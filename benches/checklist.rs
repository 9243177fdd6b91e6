//! Times `plan` for 10 markets on generated knowledge bases.
//! Run: `cargo bench --bench checklist`.

use regnav::checklist::profile::ProfileInput;
use regnav::checklist::{Profile, plan};
use regnav::content::ids::Lang;

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000], sample_count = 20)]
fn plan_10_markets(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = regnav::synth::generated_library(dir.path(), n).expect("generate");
    let input = ProfileInput {
        to: vec!["th,vn,id,ph,my,sg,us,jp,kr,tw".into()],
        class: vec!["C".into()],
        device_type: None,
        attrs: vec!["software".into()],
        refs: vec!["eu".into()],
        have: vec![],
    };
    let profile = Profile::parse(&lib, &input).expect("profile");
    bencher.bench(|| plan(&lib, &profile, Lang::En).markets.len());
}
