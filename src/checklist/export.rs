//! Exports of a plan: Markdown (task lists), CSV (one row per step), JSON,
//! a printable self-contained HTML page with an SVG timeline, and xlsx (a
//! summary sheet, a sheet per market, the document matrix).

use std::fmt::Write as _;

use super::plan::{MarketPlan, Plan};
use crate::Error;
use crate::content::ids::Lang;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown with task-list checkboxes.
    Md,
    /// CSV, one row per step.
    Csv,
    /// The plan as JSON.
    Json,
    /// A printable, self-contained HTML page.
    Html,
    /// An Excel workbook.
    Xlsx,
}

/// What an export says besides the plan: when it was made, how current the
/// knowledge base is, and where its pages are published (for links).
#[derive(Debug, Clone)]
pub struct ExportInfo {
    /// `YYYY-MM-DD` the export was made (empty: not said).
    pub generated: String,
    /// The latest `last_reviewed` of the knowledge base.
    pub kb_reviewed: Option<String>,
    /// The site's base URL, ending in `/`.
    pub base_url: String,
}

impl Default for ExportInfo {
    fn default() -> ExportInfo {
        ExportInfo {
            generated: String::new(),
            kb_reviewed: None,
            base_url: "/".to_string(),
        }
    }
}

/// The label in the plan's language.
pub(super) fn l(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Ja { ja } else { en }
}

/// A duration as people write it: `30 days`, `30–60 days`, `60日`; "0–0" is
/// never printed (no step with a published time: unknown).
pub fn span(d: Option<crate::content::raw::Days>, lang: Lang) -> String {
    let unit = l(lang, "日", " days");
    match d {
        Some(d) if d.max == 0 => l(lang, "公表された期間なし", "time not published").to_string(),
        Some(d) if d.min == d.max => format!("{}{unit}", d.min),
        Some(d) => format!("{}–{}{unit}", d.min, d.max),
        None => l(lang, "公表された期間なし", "time not published").to_string(),
    }
}

/// Route steps whose time no source gives: the critical path is then a
/// lower bound, and the plan says so.
const ROUTE_CATEGORIES: &[&str] = &["registration", "reliance", "import-licence"];

fn days(m: &MarketPlan, lang: Lang) -> String {
    let timed = m.steps.iter().any(|s| s.duration_days.is_some());
    let open = m
        .steps
        .iter()
        .filter(|s| s.duration_days.is_none() && ROUTE_CATEGORIES.contains(&s.category.as_str()))
        .count();
    let mut text = span(timed.then_some(m.duration_days), lang);
    if timed && open > 0 {
        text.push_str(&if lang == Lang::Ja {
            format!("＋期間が公表されていない手続{open}件")
        } else {
            format!(", plus {open} route step(s) with no published time")
        });
    }
    text
}

/// Money as every export writes it.
pub(super) fn money_text(amount: f64, max: Option<f64>, currency: &str) -> String {
    money(amount, max, currency)
}

fn money(amount: f64, max: Option<f64>, currency: &str) -> String {
    crate::site::views::money(amount, max, currency)
}

/// What the plan's steps cost, or that none of them states an amount.
fn totals(m: &MarketPlan, lang: Lang) -> String {
    if m.fees_total.is_empty() {
        return l(
            lang,
            "手続に公表された手数料の額なし（市場の手数料ページを参照）",
            "no step states a published fee (see the market's fee page)",
        )
        .to_string();
    }
    m.fees_total
        .iter()
        .map(|t| {
            format!(
                "{} ({})",
                money(t.min, (t.max > t.min).then_some(t.max), &t.currency),
                t.as_of.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes the plan in `format` (no generation date; links from the site root).
pub fn render(plan: &Plan, format: Format) -> Result<Vec<u8>, Error> {
    render_with(plan, format, &ExportInfo::default())
}

/// Writes the plan in `format`, saying when and linking to `info.base_url`.
pub fn render_with(plan: &Plan, format: Format, info: &ExportInfo) -> Result<Vec<u8>, Error> {
    Ok(match format {
        Format::Json => serde_json::to_vec_pretty(plan).unwrap_or_default(),
        Format::Md => markdown(plan, info).into_bytes(),
        Format::Csv => csv(plan, info)?,
        Format::Html => html(plan, info).into_bytes(),
        Format::Xlsx => super::xlsx::workbook(plan, info)?,
    })
}

/// A market's dates on or after the generation date (all of them when the
/// export has none), and how many fall before it: a plan lists what is
/// still ahead, as the page does; the calendar keeps the history.
fn upcoming<'a>(
    m: &'a super::plan::MarketPlan,
    info: &ExportInfo,
) -> (Vec<&'a super::plan::PlanDeadline>, usize) {
    let coming: Vec<_> = m
        .deadlines
        .iter()
        .filter(|d| info.generated.is_empty() || d.date >= info.generated)
        .collect();
    let past = m.deadlines.len() - coming.len();
    (coming, past)
}

/// The profile in plain words (made by the planner, the same in both engines).
pub(super) fn profile_line(plan: &Plan) -> String {
    plan.summary.clone()
}

fn markdown(plan: &Plan, info: &ExportInfo) -> String {
    let lang = plan.lang;
    let mut s = format!(
        "# {}\n\n{}\n",
        l(lang, "チェックリスト", "Checklist"),
        profile_line(plan)
    );
    if !info.generated.is_empty() {
        let _ = write!(
            s,
            "\n{}: {}\n",
            l(lang, "作成日", "Generated"),
            date_words(&info.generated, lang)
        );
    }
    for m in &plan.markets {
        let _ = write!(s, "\n## {}\n\n", m.title);
        let _ = writeln!(
            s,
            "- {}: {}",
            l(lang, "クラス", "Class"),
            m.class.as_deref().unwrap_or("—")
        );
        let _ = writeln!(
            s,
            "- {}: {}",
            l(
                lang,
                "所要期間（クリティカルパス）",
                "Duration (critical path)"
            ),
            days(m, lang),
        );
        let _ = writeln!(
            s,
            "- {}: {}",
            l(
                lang,
                "手数料の合計（上限は場合により加わる手数料を含む）",
                "Fees, total (the upper end adds fees charged only in some cases)"
            ),
            totals(m, lang)
        );
        for n in &m.notes {
            let _ = writeln!(s, "- ⚠ {n}");
        }
        let (coming, past) = upcoming(m, info);
        for d in coming {
            let _ = writeln!(
                s,
                "- {}: {} — {}",
                l(lang, "今後の期限・移行日", "Date ahead"),
                date_words(&d.date, lang),
                d.what
            );
        }
        if past > 0 {
            let _ = writeln!(
                s,
                "- {}",
                match lang {
                    Lang::Ja => format!(
                        "作成日より前の期限・移行日 {past} 件は市場のページと規制カレンダーに記載"
                    ),
                    Lang::En => format!(
                        "{past} earlier date{} before the generation date: see the market page and the regulatory calendar",
                        if past == 1 { "" } else { "s" }
                    ),
                }
            );
        }
        s.push('\n');
        for st in &m.steps {
            let dur = st
                .duration_days
                .map(|d| format!(" — {}", span(Some(d), lang)))
                .unwrap_or_default();
            let _ = writeln!(s, "- [ ] {}. {}{dur}", st.order, st.title);
            let _ = writeln!(s, "  - {}: {}", l(lang, "適用条件", "applies"), st.when);
            if !st.documents.is_empty() {
                let _ = writeln!(
                    s,
                    "  - {}: {}",
                    l(lang, "書類", "documents"),
                    doc_titles(plan, &st.documents)
                );
            }
            if !st.held.is_empty() {
                let _ = writeln!(
                    s,
                    "  - {}: {}",
                    l(lang, "取得済みの書類", "already held"),
                    doc_titles(plan, &st.held)
                );
            }
            if !st.opened_by.is_empty() {
                let _ = writeln!(
                    s,
                    "  - {}: {}",
                    l(
                        lang,
                        "この手続を可能にした取得済みの承認",
                        "opened by the approval you hold"
                    ),
                    doc_titles(plan, &st.opened_by)
                );
            }
        }
        if !m.satisfied.is_empty() {
            let _ = write!(
                s,
                "\n{}:\n\n",
                l(
                    lang,
                    "取得済みの書類で済んでいる手続",
                    "Already done with what you hold"
                )
            );
            for st in &m.satisfied {
                let _ = writeln!(s, "- [x] {} — {}", st.title, doc_titles(plan, &st.by));
            }
        }
        if !m.contacts.is_empty() {
            let _ = write!(s, "\n{}:\n\n", l(lang, "相談先", "Whom to ask"));
            for c in &m.contacts {
                let kind = super::words::label(lang, "types", &c.contact_type);
                let _ = writeln!(s, "- {} — {kind}", c.title);
            }
        }
    }
    if !plan.documents.is_empty() {
        let _ = write!(
            s,
            "\n## {}\n\n| {} | {} |\n|---|---|\n",
            l(lang, "書類と市場", "Documents × markets"),
            l(lang, "書類", "Document"),
            l(lang, "市場", "Markets")
        );
        for d in &plan.documents {
            let _ = writeln!(
                s,
                "| {} | {} |",
                d.title,
                market_names(plan, &d.markets, lang)
            );
        }
    }
    if !plan.held.is_empty() {
        let _ = write!(
            s,
            "\n## {}\n\n| {} | {} |\n|---|---|\n",
            l(lang, "取得済みの書類", "Documents you hold"),
            l(lang, "書類", "Document"),
            l(lang, "使う市場", "Used in")
        );
        for d in &plan.held {
            let _ = writeln!(
                s,
                "| {} | {} |",
                d.title,
                market_names(plan, &d.markets, lang)
            );
        }
    }
    s
}

/// Titles of document ids, from the plan's document matrices (missing and held).
pub(super) fn doc_titles(plan: &Plan, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            plan.documents
                .iter()
                .chain(&plan.held)
                .find(|d| &d.id == id)
                .map(|d| d.title.as_str())
                .unwrap_or(id)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plan's names of markets given by code, in the plan's order of words
/// (「タイ、ベトナム」, "Thailand, Viet Nam") — codes are not for readers.
fn market_names(plan: &Plan, codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|c| {
            plan.markets
                .iter()
                .find(|m| &m.jurisdiction == c)
                .map_or(c.as_str(), |m| m.title.as_str())
        })
        .collect::<Vec<_>>()
        .join(l(lang, "、", ", "))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// CR first) gets a leading apostrophe, as OWASP advises; the page's CSV
/// (`checklist.js`) does the same.
pub fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The CSV: the rows of the workbook's market sheets (same columns, same
/// words, in the plan's language), one after the other, with the market first.
fn csv(plan: &Plan, info: &ExportInfo) -> Result<Vec<u8>, Error> {
    use super::xlsx::{Cell, step_columns, step_rows};
    // A UTF-8 byte-order mark first, so that Excel reads Japanese correctly.
    let mut w = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let err = |e: csv::Error| Error::Usage(format!("csv: {e}"));
    let lang = plan.lang;
    let header = std::iter::once(l(lang, "市場", "Market"))
        .chain(step_columns(plan).into_iter().map(|(h, _)| h));
    w.write_record(header).map_err(err)?;
    for m in &plan.markets {
        for row in step_rows(plan, m, info) {
            let cells = row.into_iter().map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Number(n) => n.to_string(),
                Cell::Text(t) => t,
                Cell::Link { url, .. } => url,
            });
            w.write_record(
                std::iter::once(m.title.clone())
                    .chain(cells)
                    .map(neutralise),
            )
            .map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| Error::Usage(format!("csv: {e}")))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A Gantt chart of one market's steps as inline SVG (max durations), its
/// axis in the plan's language.
pub fn gantt_svg(m: &MarketPlan, lang: Lang) -> String {
    let total = m.duration_days.max.max(1) as f64;
    let (w, row, label) = (760.0, 22.0, 260.0);
    let h = row * m.steps.len() as f64 + 30.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"timeline {}\">",
        esc(&m.jurisdiction)
    );
    for (i, st) in m.steps.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let x0 = label + (w - label - 10.0) * st.start_days.max as f64 / total;
        let len = st.duration_days.map(|d| d.max as f64).unwrap_or(0.0);
        let bw = ((w - label - 10.0) * len / total).max(3.0);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"11\">{}. {}</text><rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"14\" rx=\"3\" fill=\"#0b5cad\"><title>{}</title></rect>",
            y + 11.0,
            st.order,
            esc(&truncate(&st.title, 20)),
            y,
            esc(&st.title)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{label}\" y=\"{:.1}\" font-size=\"10\">0</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text></svg>",
        h - 4.0,
        w - 10.0,
        h - 4.0,
        match lang {
            Lang::Ja => format!("{}日", m.duration_days.max),
            Lang::En => format!("{} days", m.duration_days.max),
        }
    );
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// A date as a reader of `lang` writes it: `2026年11月26日`, `26 November 2026`.
pub fn date_words(iso: &str, lang: Lang) -> String {
    use crate::content::dates::MONTHS;
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match (parts.as_slice(), lang) {
        ([y, m, d], Lang::Ja) => format!("{y}年{m}月{d}日"),
        ([y, m, d], _) if (1..=12).contains(m) => {
            format!("{d} {} {y}", MONTHS[(*m - 1) as usize])
        }
        _ => iso.to_string(),
    }
}

fn html(plan: &Plan, info: &ExportInfo) -> String {
    let lang = plan.lang;
    let page = |id: &str| format!("{}{}/{id}/", info.base_url, lang.as_str());
    let css = "body{font-family:system-ui,'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}\
        h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #2b5797;padding-bottom:.2rem}\
        table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
        th{background:#e8eef7}.muted{color:#555}.note{border-left:4px solid #c90;padding:.3rem .8rem;background:#fff8e6}\
        a{color:#1155cc}svg{max-width:100%;height:auto}ul.plain{list-style:none;padding:0}\
        .steps th:first-child{width:2.5rem}.steps td:nth-child(2){width:26%}.steps td:nth-child(4){white-space:nowrap}.steps td:nth-child(5){width:24%}\
        @media (max-width:600px){table,thead,tbody,tr,td,th{display:block;width:auto!important}thead{display:none}tr{border:1px solid #ccc;margin:.6rem 0}td{border:none;border-top:1px solid #eee}.steps td:nth-child(4){white-space:normal}}\
        @media print{body{margin:0;max-width:none}section.market{break-before:page}a{color:inherit;text-decoration:none}}";
    let mut s = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{css}</style></head><body>\n<h1>{title}</h1><p>{}</p>",
        esc(&profile_line(plan)),
        title = l(
            lang,
            "医療機器 規制チェックリスト",
            "Medical device regulatory checklist"
        ),
    );
    let mut dates = Vec::new();
    if !info.generated.is_empty() {
        dates.push(format!(
            "{}: {}",
            l(lang, "作成日", "Generated"),
            date_words(&info.generated, lang)
        ));
    }
    if let Some(r) = &info.kb_reviewed {
        dates.push(format!(
            "{}: {}",
            l(lang, "情報の確認日（最新）", "Knowledge base reviewed"),
            date_words(r, lang)
        ));
    }
    if !dates.is_empty() {
        let _ = write!(s, "<p class=\"muted\">{}</p>", esc(&dates.join(" · ")));
    }
    let _ = writeln!(
        s,
        "<p class=\"note\">{}</p>",
        l(
            lang,
            "本書は公開情報に基づく計画の目安である。手数料・期間は各出典の時点の値であり、クラス分類や手続の最終判断は各国当局・認証機関が行う。",
            "This plan is guidance built from public sources. Fees and times are those of each source on its date; the regulator or notified body decides the class and the procedure."
        )
    );
    for m in &plan.markets {
        let _ = write!(
            s,
            "<section class=\"market\"><h2>{}</h2><p>{}: {} · {}: {} · {}: {}</p>",
            esc(&m.title),
            l(lang, "クラス", "Class"),
            esc(m.class.as_deref().unwrap_or("—")),
            l(lang, "期間", "Duration"),
            esc(&days(m, lang)),
            l(lang, "手数料の合計", "Fees, total"),
            esc(&totals(m, lang))
        );
        for n in &m.notes {
            let _ = write!(s, "<p class=\"note\">{}</p>", esc(n));
        }
        let (coming, _) = upcoming(m, info);
        if !coming.is_empty() {
            let _ = write!(
                s,
                "<h3>{}</h3><ul class=\"plain\">",
                l(
                    lang,
                    "この計画に関わる期限・移行日",
                    "Dates that bind this plan"
                )
            );
            for d in coming {
                let _ = write!(
                    s,
                    "<li>{} — <a href=\"{}\">{}</a></li>",
                    esc(&date_words(&d.date, lang)),
                    esc(&page(&d.entry)),
                    esc(&d.what)
                );
            }
            s.push_str("</ul>");
        }
        if !m.steps.is_empty() {
            if m.steps.iter().any(|st| st.duration_days.is_some()) {
                s.push_str(&gantt_svg(m, lang));
            }
            let _ = write!(
                s,
                "<table class=\"steps\"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                l(lang, "手続", "Step"),
                l(lang, "適用条件", "Applies when"),
                l(lang, "期間", "Time"),
                l(lang, "手数料", "Fees"),
                l(lang, "書類", "Documents")
            );
            for st in &m.steps {
                let fees: Vec<String> = st
                    .fees
                    .iter()
                    .map(|f| {
                        let what = f.label.as_ref().map(|x| format!("{}: ", esc(x))).unwrap_or_default();
                        let amount = esc(&format!("{}{}", money(f.amount, f.amount_max, &f.currency), super::xlsx::only_if(f, lang)));
                        let when = esc(&format!("{}{}", date_words(&f.as_of, lang), l(lang, "時点", "")));
                        let when = if lang == Lang::Ja { when } else { format!("as of {when}") };
                        match &f.source {
                            Some(u) => format!("{what}{amount} <span class=\"muted\">(<a href=\"{}\">{when}</a>)</span>", esc(u)),
                            None => format!("{what}{amount} <span class=\"muted\">({when})</span>"),
                        }
                    })
                    .collect();
                let _ = write!(
                    s,
                    "<tr><td>☐ {}</td><td><a href=\"{}\">{}</a><br><span class=\"muted\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    st.order,
                    esc(&page(&st.id)),
                    esc(&st.title),
                    esc(&super::words::label(lang, "categories", &st.category)),
                    esc(&st.when),
                    esc(&st
                        .duration_days
                        .map(|d| span(Some(d), lang))
                        .unwrap_or_else(|| "—".into())),
                    fees.join("<br>"),
                    held_html(plan, st, lang)
                );
            }
            s.push_str("</tbody></table>");
        }
        if !m.satisfied.is_empty() {
            let _ = write!(
                s,
                "<h3>{}</h3><ul class=\"plain\">",
                l(
                    lang,
                    "取得済みの書類で済んでいる手続",
                    "Already done with what you hold"
                )
            );
            for st in &m.satisfied {
                let _ = write!(
                    s,
                    "<li>☑ <a href=\"{}\">{}</a> <span class=\"muted\">({})</span></li>",
                    esc(&page(&st.id)),
                    esc(&st.title),
                    esc(&doc_titles(plan, &st.by))
                );
            }
            s.push_str("</ul>");
        }
        if !m.contacts.is_empty() {
            let _ = write!(
                s,
                "<h3>{}</h3><ul class=\"plain\">",
                l(lang, "相談先", "Whom to ask")
            );
            for c in &m.contacts {
                let _ = write!(
                    s,
                    "<li><a href=\"{}\">{}</a> <span class=\"muted\">({})</span></li>",
                    esc(&page(&c.id)),
                    esc(&c.title),
                    esc(&super::words::label(lang, "types", &c.contact_type))
                );
            }
            s.push_str("</ul>");
        }
        s.push_str("</section>\n");
    }
    if !plan.documents.is_empty() {
        let _ = write!(
            s,
            "<section class=\"market\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            l(lang, "書類と市場", "Documents × markets"),
            l(lang, "書類", "Document"),
            l(lang, "求める市場", "Asked for by")
        );
        for d in &plan.documents {
            let names: Vec<&str> = d
                .markets
                .iter()
                .map(|code| {
                    plan.markets
                        .iter()
                        .find(|m| &m.jurisdiction == code)
                        .map_or(code.as_str(), |m| m.title.as_str())
                })
                .collect();
            let _ = write!(
                s,
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td></tr>",
                esc(&page(&d.id)),
                esc(&d.title),
                esc(&names.join(l(lang, "、", ", ")))
            );
        }
        s.push_str("</tbody></table></section>");
    }
    if !plan.held.is_empty() {
        let _ = write!(
            s,
            "<section class=\"market\"><h2>{}</h2><ul class=\"plain\">",
            l(lang, "取得済みの書類", "Documents you hold")
        );
        for d in &plan.held {
            let _ = write!(
                s,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">({})</span></li>",
                esc(&page(&d.id)),
                esc(&d.title),
                esc(&market_names(plan, &d.markets, lang))
            );
        }
        s.push_str("</ul></section>");
    }
    s.push_str("</body></html>\n");
    s
}

/// A step's documents cell: what is missing, then what is already held.
fn held_html(plan: &Plan, st: &super::plan::Step, lang: Lang) -> String {
    let mut cell = esc(&doc_titles(plan, &st.documents));
    if !st.held.is_empty() {
        let _ = write!(
            cell,
            "{}<span class=\"muted\">{}: {}</span>",
            if cell.is_empty() { "" } else { "<br>" },
            l(lang, "取得済み", "held"),
            esc(&doc_titles(plan, &st.held))
        );
    }
    cell
}
