//! The plan as a workbook a consultant can hand to a client: a cover sheet
//! (profile, markets, generation and knowledge-base dates, disclaimer), one
//! sheet per market (step, when it applies, time, fees with currency and
//! date, documents, whom to ask, page and source links), the documents
//! matrix and a contacts sheet — column widths, wrapped text, frozen
//! headers, filters, real date cells and hyperlinks, every label in the
//! plan's language. Deterministic: the workbook's own timestamp is fixed.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Url, Workbook, Worksheet,
};

use super::export::{ExportInfo, l, profile_line, span};
use super::plan::{MarketPlan, Plan, StepFee};
use super::words::label;
use crate::Error;
use crate::content::ids::Lang;

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Usage(format!("xlsx: {e}"))
}

fn date_cell(d: &str) -> Option<ExcelDateTime> {
    let mut it = d.split('-').map(|p| p.parse::<u16>().ok());
    let (y, m, day) = (it.next()??, it.next()??, it.next()??);
    ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(day).ok()?).ok()
}

struct Styles {
    head: Format,
    wrap: Format,
    date: Format,
    link: Format,
    title: Format,
}

fn styles(lang: Lang) -> Styles {
    let font = if lang == Lang::Ja {
        "Yu Gothic"
    } else {
        "Calibri"
    };
    let base = Format::new()
        .set_font_name(font)
        .set_align(FormatAlign::Top);
    Styles {
        head: base
            .clone()
            .set_bold()
            .set_background_color("#E8EEF7")
            .set_text_wrap(),
        wrap: base.clone().set_text_wrap(),
        date: base.clone().set_num_format("yyyy-mm-dd"),
        link: base
            .clone()
            .set_font_color("#1155CC")
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        title: base.set_bold().set_font_size(16),
    }
}

fn header(ws: &mut Worksheet, s: &Styles, cols: &[(&str, f64)]) -> Result<(), Error> {
    for (c, (h, width)) in cols.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, *h, &s.head)
            .map_err(err)?;
        ws.set_column_width(c, *width).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    Ok(())
}

/// A hyperlink where the address is absolute (a published site, a source);
/// the text alone otherwise (a plan made without a base URL).
fn link(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    url: &str,
    text: &str,
    s: &Styles,
) -> Result<(), Error> {
    if url.starts_with("http://") || url.starts_with("https://") {
        ws.write_url_with_format(r, c, Url::new(url).set_text(text), &s.link)
            .map_err(err)?;
    } else {
        ws.write_string_with_format(r, c, text, &s.wrap)
            .map_err(err)?;
    }
    Ok(())
}

fn page(info: &ExportInfo, lang: Lang, id: &str) -> String {
    format!("{}{}/{id}/", info.base_url, lang.as_str())
}

/// Writes the workbook.
pub(super) fn workbook(plan: &Plan, info: &ExportInfo) -> Result<Vec<u8>, Error> {
    let lang = plan.lang;
    let s = styles(lang);
    let mut wb = Workbook::new();
    let fixed = date_cell(&info.generated).unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(l(lang, "規制チェックリスト", "Regulatory checklist"))
            .set_creation_datetime(&fixed),
    );
    cover(wb.add_worksheet(), plan, info, &s)?;
    for m in &plan.markets {
        market(wb.add_worksheet(), plan, m, info, &s)?;
    }
    documents(wb.add_worksheet(), plan, info, &s)?;
    contacts(wb.add_worksheet(), plan, info, &s)?;
    wb.save_to_buffer().map_err(err)
}

fn cover(ws: &mut Worksheet, plan: &Plan, info: &ExportInfo, s: &Styles) -> Result<(), Error> {
    let lang = plan.lang;
    ws.set_name(l(lang, "表紙", "Cover")).map_err(err)?;
    ws.set_column_width(0, 26).map_err(err)?;
    ws.set_column_width(1, 90).map_err(err)?;
    ws.write_string_with_format(
        0,
        0,
        l(
            lang,
            "医療機器 規制チェックリスト",
            "Medical device regulatory checklist",
        ),
        &s.title,
    )
    .map_err(err)?;
    let rows: [(&str, String); 2] = [
        (l(lang, "対象と機器", "Profile"), profile_line(plan)),
        (
            l(lang, "対象市場", "Markets"),
            plan.markets
                .iter()
                .map(|m| m.title.clone())
                .collect::<Vec<_>>()
                .join(l(lang, "、", ", ")),
        ),
    ];
    let mut r = 2;
    for (k, v) in rows {
        ws.write_string_with_format(r, 0, k, &s.head).map_err(err)?;
        ws.write_string_with_format(r, 1, v, &s.wrap).map_err(err)?;
        r += 1;
    }
    ws.write_string_with_format(r, 0, l(lang, "作成日", "Generated"), &s.head)
        .map_err(err)?;
    if let Some(d) = date_cell(&info.generated) {
        ws.write_datetime_with_format(r, 1, d, &s.date)
            .map_err(err)?;
    }
    r += 1;
    ws.write_string_with_format(
        r,
        0,
        l(lang, "情報の確認日（最新）", "Knowledge base reviewed"),
        &s.head,
    )
    .map_err(err)?;
    if let Some(d) = info.kb_reviewed.as_deref().and_then(date_cell) {
        ws.write_datetime_with_format(r, 1, d, &s.date)
            .map_err(err)?;
    }
    r += 2;
    ws.write_string_with_format(
        r,
        1,
        l(
            lang,
            "本表は公開情報に基づく計画の目安である。手数料・期間は各出典の時点の値であり、クラス分類や手続の最終判断は各国当局・認証機関が行う。申請前に必ず出典と当局で最新の情報を確認すること。",
            "This plan is guidance built from public sources. Fees and times are those of each source on its date; the regulator or notified body decides the class and the procedure. Check the sources and the regulator for the latest before you file.",
        ),
        &s.wrap,
    )
    .map_err(err)?;
    ws.set_row_height(r, 60).map_err(err)?;
    Ok(())
}

fn market(
    ws: &mut Worksheet,
    plan: &Plan,
    m: &MarketPlan,
    info: &ExportInfo,
    s: &Styles,
) -> Result<(), Error> {
    // Sheet names: at most 31 characters, no []:*?/\ .
    let name: String = m
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(if name.is_empty() {
        m.jurisdiction.clone()
    } else {
        name
    })
    .map_err(err)?;
    let cols = step_columns(plan);
    header(ws, s, &cols)?;
    let rows = step_rows(plan, m, info);
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    for (i, row) in rows.into_iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(u32::MAX - 1) + 1;
        for (c, cell) in row.into_iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Empty => {}
                Cell::Number(n) => {
                    ws.write_number(r, c, n).map_err(err)?;
                }
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c, t, &s.wrap).map_err(err)?;
                }
                Cell::Link { url, text } => link(ws, r, c, &url, &text, s)?,
            }
        }
    }
    let last_col = u16::try_from(cols.len().saturating_sub(1)).unwrap_or(u16::MAX);
    ws.autofilter(0, 0, last.max(1), last_col).map_err(err)?;
    Ok(())
}

/// A cell of a step row.
pub(super) enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Link { url: String, text: String },
}

/// The step columns (label, width), shared by a market's sheet and the CSV;
/// a plan made with `--have` adds what is already held.
pub(super) fn step_columns(plan: &Plan) -> Vec<(&'static str, f64)> {
    let lang = plan.lang;
    let mut cols = vec![
        ("#", 4.0),
        (l(lang, "手続", "Step"), 38.0),
        (l(lang, "区分", "Topic"), 16.0),
        (l(lang, "適用条件", "Applies when"), 30.0),
        (l(lang, "期間", "Time"), 14.0),
        (l(lang, "開始（日目）", "Starts (day)"), 10.0),
        (l(lang, "手数料", "Fees"), 32.0),
        (l(lang, "書類", "Documents"), 36.0),
        (l(lang, "相談先", "Whom to ask"), 30.0),
        (l(lang, "詳細ページ", "Page"), 12.0),
        (l(lang, "出典", "Sources"), 40.0),
    ];
    if !plan.profile.have.is_empty() {
        cols.push((l(lang, "取得済み", "Already held"), 30.0));
    }
    cols
}

/// The case a fee is charged only in, as words after its amount:
/// ` (only if: expert evaluation is needed)`; empty for a fee always charged.
pub(super) fn only_if(f: &StepFee, lang: Lang) -> String {
    f.only_if
        .as_ref()
        .map(|w| format!(" ({}{w})", l(lang, "必要な場合のみ：", "only if: ")))
        .unwrap_or_default()
}

/// One row per step of a market: what a person reads, in the plan's
/// language (the xlsx writes it with formats, the CSV as text).
pub(super) fn step_rows(plan: &Plan, m: &MarketPlan, info: &ExportInfo) -> Vec<Vec<Cell>> {
    let lang = plan.lang;
    let doc_title = |id: &str| {
        plan.documents
            .iter()
            .chain(&plan.held)
            .find(|d| d.id == id)
            .map(|d| d.title.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let contact_title = |id: &str| {
        m.contacts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let text = |t: String| {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t)
        }
    };
    let with_held = !plan.profile.have.is_empty();
    let titles = |ids: &[String]| {
        ids.iter()
            .map(|d| doc_title(d))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rows: Vec<Vec<Cell>> = m
        .steps
        .iter()
        .map(|st| {
            let fees: Vec<String> = st
                .fees
                .iter()
                .map(|f| {
                    let what = f
                        .label
                        .clone()
                        .map(|x| format!("{x}: "))
                        .unwrap_or_default();
                    format!(
                        "{what}{}{} ({} {})",
                        super::export::money_text(f.amount, f.amount_max, &f.currency),
                        only_if(f, lang),
                        l(lang, "時点", "as of"),
                        f.as_of
                    )
                })
                .collect();
            let mut row = vec![
                Cell::Number(st.order as f64),
                Cell::Text(st.title.clone()),
                Cell::Text(label(lang, "categories", &st.category)),
                Cell::Text(st.when.clone()),
                st.duration_days
                    .map_or(Cell::Empty, |d| Cell::Text(span(Some(d), lang))),
                Cell::Number(f64::from(st.start_days.min)),
                text(fees.join("\n")),
                text(
                    st.documents
                        .iter()
                        .map(|d| doc_title(d))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                text(
                    st.contacts
                        .iter()
                        .map(|c| contact_title(c))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Cell::Link {
                    url: page(info, lang, &st.id),
                    text: l(lang, "開く", "Open").to_string(),
                },
                st.sources.first().map_or(Cell::Empty, |u| Cell::Link {
                    url: u.clone(),
                    text: u.clone(),
                }),
            ];
            if with_held {
                let mut held = titles(&st.held);
                if !st.opened_by.is_empty() {
                    if !held.is_empty() {
                        held.push('\n');
                    }
                    held.push_str(l(lang, "この手続を可能にした承認: ", "opened by: "));
                    held.push_str(&titles(&st.opened_by));
                }
                row.push(text(held));
            }
            row
        })
        .collect();
    // With `--have`, the steps already done follow, marked ✓ with what did it.
    for st in &m.satisfied {
        let mut row = vec![
            Cell::Text("✓".to_string()),
            Cell::Text(st.title.clone()),
            Cell::Text(label(lang, "categories", &st.category)),
        ];
        row.extend((0..6).map(|_| Cell::Empty));
        row.push(Cell::Link {
            url: page(info, lang, &st.id),
            text: l(lang, "開く", "Open").to_string(),
        });
        row.push(Cell::Empty);
        row.push(Cell::Text(format!(
            "{}{}",
            l(lang, "取得済みで完了: ", "done, held: "),
            titles(&st.by)
        )));
        rows.push(row);
    }
    rows
}

fn documents(ws: &mut Worksheet, plan: &Plan, info: &ExportInfo, s: &Styles) -> Result<(), Error> {
    let lang = plan.lang;
    ws.set_name(l(lang, "書類マトリクス", "Documents"))
        .map_err(err)?;
    let mut cols: Vec<(&str, f64)> = vec![(l(lang, "書類", "Document"), 44.0)];
    for m in &plan.markets {
        cols.push((m.title.as_str(), 14.0));
    }
    header(ws, s, &cols)?;
    for (i, d) in plan.documents.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(u32::MAX - 1) + 1;
        link(ws, r, 0, &page(info, lang, &d.id), &d.title, s)?;
        for (c, m) in plan.markets.iter().enumerate() {
            if d.markets.contains(&m.jurisdiction) {
                ws.write_string(r, u16::try_from(c + 1).unwrap_or(u16::MAX), "✓")
                    .map_err(err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 1).map_err(err)?;
    Ok(())
}

fn contacts(ws: &mut Worksheet, plan: &Plan, info: &ExportInfo, s: &Styles) -> Result<(), Error> {
    let lang = plan.lang;
    ws.set_name(l(lang, "相談先", "Contacts")).map_err(err)?;
    header(
        ws,
        s,
        &[
            (l(lang, "市場", "Market"), 18.0),
            (l(lang, "種類", "Type"), 24.0),
            (l(lang, "相談先", "Contact"), 50.0),
            (l(lang, "ページ", "Page"), 12.0),
        ],
    )?;
    let mut r = 1;
    for m in &plan.markets {
        for c in &m.contacts {
            ws.write_string_with_format(r, 0, &m.title, &s.wrap)
                .map_err(err)?;
            ws.write_string_with_format(r, 1, label(lang, "types", &c.contact_type), &s.wrap)
                .map_err(err)?;
            ws.write_string_with_format(r, 2, &c.title, &s.wrap)
                .map_err(err)?;
            link(
                ws,
                r,
                3,
                &page(info, lang, &c.id),
                l(lang, "開く", "Open"),
                s,
            )?;
            r += 1;
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 3)
        .map_err(err)?;
    Ok(())
}
