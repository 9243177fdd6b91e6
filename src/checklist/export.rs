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
        Some(d) if d.max == 0 => {
            l(lang, "期間は公表されていない", "time not published").to_string()
        }
        Some(d) if d.min == d.max => format!("{}{unit}", d.min),
        Some(d) => format!("{}–{}{unit}", d.min, d.max),
        None => l(lang, "期間は公表されていない", "time not published").to_string(),
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
            format!("以上（期間が公表されていない手続が{open}件ある）")
        } else {
            format!(" at least ({open} route step(s) with no published time)")
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

fn totals(m: &MarketPlan) -> String {
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
        Format::Md => markdown(plan).into_bytes(),
        Format::Csv => csv(plan)?,
        Format::Html => html(plan).into_bytes(),
        Format::Xlsx => super::xlsx::workbook(plan, info)?,
    })
}

/// The profile in plain words (made by the planner, the same in both engines).
pub(super) fn profile_line(plan: &Plan) -> String {
    plan.summary.clone()
}

fn markdown(plan: &Plan) -> String {
    let lang = plan.lang;
    let mut s = format!(
        "# {}\n\n{}\n",
        l(lang, "チェックリスト", "Checklist"),
        profile_line(plan)
    );
    for m in &plan.markets {
        let _ = write!(s, "\n## {} ({})\n\n", m.title, m.jurisdiction);
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
        if !m.fees_total.is_empty() {
            let _ = writeln!(
                s,
                "- {}: {}",
                l(
                    lang,
                    "手数料の目安（各ステップの最少額〜記載された全額）",
                    "Fees, indicative (the smallest fee of each step to every fee listed)"
                ),
                totals(m)
            );
        }
        for n in &m.notes {
            let _ = writeln!(s, "- ⚠ {n}");
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
        }
        if !m.contacts.is_empty() {
            let _ = write!(s, "\n{}:\n\n", l(lang, "相談先", "Whom to ask"));
            for c in &m.contacts {
                let _ = writeln!(s, "- {} ({})", c.title, c.contact_type);
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
            let _ = writeln!(s, "| {} | {} |", d.title, d.markets.join(", "));
        }
    }
    s
}

/// Titles of document ids, from the plan's document matrix.
fn doc_titles(plan: &Plan, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            plan.documents
                .iter()
                .find(|d| &d.id == id)
                .map(|d| d.title.as_str())
                .unwrap_or(id)
        })
        .collect::<Vec<_>>()
        .join(", ")
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

fn csv(plan: &Plan) -> Result<Vec<u8>, Error> {
    // A UTF-8 byte-order mark first, so that Excel reads Japanese correctly.
    let mut w = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let header = [
        "market",
        "order",
        "id",
        "title",
        "category",
        "applies_when",
        "depends_on",
        "duration_min",
        "duration_max",
        "start_min",
        "start_max",
        "fees",
        "documents",
        "contacts",
    ];
    let err = |e: csv::Error| Error::Usage(format!("csv: {e}"));
    w.write_record(header).map_err(err)?;
    for m in &plan.markets {
        for st in &m.steps {
            let fees = st
                .fees
                .iter()
                .map(|f| {
                    format!(
                        "{} ({})",
                        money(f.amount, f.amount_max, &f.currency),
                        f.as_of
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            w.write_record(
                [
                    m.jurisdiction.clone(),
                    st.order.to_string(),
                    st.id.clone(),
                    st.title.clone(),
                    st.category.clone(),
                    st.when.clone(),
                    st.depends_on.join(" "),
                    st.duration_days
                        .map(|d| d.min.to_string())
                        .unwrap_or_default(),
                    st.duration_days
                        .map(|d| d.max.to_string())
                        .unwrap_or_default(),
                    st.start_days.min.to_string(),
                    st.start_days.max.to_string(),
                    fees,
                    st.documents.join(" "),
                    st.contacts.join(" "),
                ]
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

/// A Gantt chart of one market's steps as inline SVG (max durations).
pub fn gantt_svg(m: &MarketPlan) -> String {
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
        "<text x=\"{label}\" y=\"{:.1}\" font-size=\"10\">0</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{} d</text></svg>",
        h - 4.0,
        w - 10.0,
        h - 4.0,
        m.duration_days.max
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

fn html(plan: &Plan) -> String {
    let lang = plan.lang;
    let mut s = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title><style>body{{font-family:system-ui,'Noto Sans CJK JP',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}.muted{{color:#666}}@media print{{h2{{break-before:page}}}}</style></head><body>\n<h1>{}</h1><p class=\"muted\">{}</p>\n",
        l(lang, "チェックリスト", "Checklist"),
        l(lang, "チェックリスト", "Checklist"),
        esc(&profile_line(plan))
    );
    for m in &plan.markets {
        let _ = write!(
            s,
            "<h2>{}</h2><p>{}: {} · {}: {}{}</p>",
            esc(&m.title),
            l(lang, "クラス", "Class"),
            esc(m.class.as_deref().unwrap_or("—")),
            l(lang, "期間", "Duration"),
            esc(&days(m, lang)),
            if m.fees_total.is_empty() {
                String::new()
            } else {
                format!(
                    " · {}: {}",
                    l(lang, "手数料の目安", "Fees, indicative"),
                    esc(&totals(m))
                )
            }
        );
        for n in &m.notes {
            let _ = write!(s, "<p>⚠ {}</p>", esc(n));
        }
        if !m.steps.is_empty() {
            s.push_str(&gantt_svg(m));
            let _ = write!(
                s,
                "<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                l(lang, "手続", "Step"),
                l(lang, "理由", "Why"),
                l(lang, "期間", "Days"),
                l(lang, "書類", "Documents")
            );
            for st in &m.steps {
                let _ = write!(
                    s,
                    "<tr><td>☐ {}</td><td>{}<br><span class=\"muted\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    st.order,
                    esc(&st.title),
                    esc(&st.category),
                    esc(&st.when),
                    esc(&span(st.duration_days, plan.lang)),
                    esc(&doc_titles(plan, &st.documents))
                );
            }
            s.push_str("</tbody></table>");
        }
        if !m.contacts.is_empty() {
            let _ = write!(
                s,
                "<p><strong>{}</strong>: {}</p>",
                l(lang, "相談先", "Whom to ask"),
                esc(&m
                    .contacts
                    .iter()
                    .map(|c| c.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "))
            );
        }
    }
    if !plan.documents.is_empty() {
        let _ = write!(
            s,
            "<h2>{}</h2><table><tbody>",
            l(lang, "書類と市場", "Documents × markets")
        );
        for d in &plan.documents {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&d.title),
                esc(&d.markets.join(", "))
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</body></html>\n");
    s
}
