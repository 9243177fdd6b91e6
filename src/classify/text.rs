//! The answer as text for the terminal: the same facts the page shows.

use std::fmt::Write as _;

use super::outcome::Outcome;
use crate::content::ids::Lang;

/// The answer in plain text, in its language.
pub fn render(o: &Outcome, base_url: &str) -> String {
    let ja = o.lang == Lang::Ja;
    let l = |j: &'static str, e: &'static str| if ja { j } else { e };
    let mut s = format!("{}\n\n", o.title);
    for a in &o.answers {
        let chosen: Vec<&str> = a.chosen.iter().map(|(_, t)| t.as_str()).collect();
        let none = [l("なし", "none")];
        let chosen = if chosen.is_empty() {
            &none[..]
        } else {
            &chosen[..]
        };
        let _ = writeln!(s, "- {} → {}", a.text, chosen.join(l("、", ", ")));
    }
    let what = match o.scheme {
        crate::content::ids::Scheme::Ghtf => l("GHTFクラス", "GHTF class"),
        crate::content::ids::Scheme::Samd => l("IMDRF SaMDカテゴリー", "IMDRF SaMD category"),
    };
    let r = &o.decided_by;
    let _ = write!(
        s,
        "\n{what}: {}\n{}: {} {} — {}\n",
        o.class,
        l("決め手のルール", "Decided by"),
        l("ルール", "rule"),
        r.rule,
        r.text
    );
    if let Some(q) = &r.quote {
        let _ = writeln!(s, "  “{q}”");
    }
    let _ = writeln!(
        s,
        "  {}: {} <{}>",
        l("出典", "Source"),
        r.source_title,
        r.source_url
    );
    if !o.also.is_empty() {
        let _ = writeln!(
            s,
            "{}:",
            l("ほかに当てはまるルール", "Other rules that apply")
        );
        for r in &o.also {
            let _ = writeln!(
                s,
                "  - {} {} ({}): {}",
                l("ルール", "rule"),
                r.rule,
                r.class,
                r.text
            );
        }
    }
    if !o.markets.is_empty() {
        let _ = writeln!(s, "\n{}:", l("各市場のクラス", "Class in each market"));
        for m in &o.markets {
            let routes = if m.routes.is_empty() {
                String::new()
            } else {
                format!(" — {}", m.routes.join(l("／", " / ")))
            };
            let _ = writeln!(s, "  {} ({}): {}{routes}", m.title, m.code, m.name);
            for n in &m.notes {
                let _ = writeln!(s, "    ⚠ {n}");
            }
            for (id, title, _) in &m.classification {
                let _ = writeln!(
                    s,
                    "    {}: {title} <{base_url}{}/{id}/>",
                    l("分類の詳細", "How it classifies"),
                    o.lang
                );
            }
        }
    }
    let _ = write!(
        s,
        "\n{}: {base_url}{}/checklist/?{}\n\n{}\n",
        l(
            "このプロファイルでチェックリストを開く",
            "Open the checklist with this profile"
        ),
        o.lang,
        o.checklist,
        o.notice
    );
    s
}
