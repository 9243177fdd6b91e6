//! Checks that keep dated statements honest as time passes: a fee labelled
//! with a fiscal year that is no longer the one in force, and a deadline
//! that has passed while the entry's text still speaks of it as coming.
//! Both read the day `check` runs (`--today`), so a date half a year on
//! shows what will need attention.

use super::ids::Date;
use super::model::Entry;
use super::text::Localized;

/// English month names (also used by exports to write dates in words).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that speak of something as still to come.
const FUTURE: &[&str] = &[
    " will ",
    "is expected",
    "are expected",
    "is scheduled",
    "are scheduled",
    "is planned",
    "are planned",
    "upcoming",
    "is due ",
    "予定",
    "見込み",
    "見通し",
];

/// The fiscal year a label names when it is not the one in force on `today`:
/// `FY 2025` (US federal fiscal year, from 1 October, named by its end) and
/// `2025年度` (Japanese fiscal year, from 1 April, named by its start). A
/// range such as `FY 2026–27` (other countries' years) is left alone.
pub(super) fn stale_year_label(label: &Localized, today: Date) -> Option<String> {
    let (y, m) = (i32::from(today.0.year()), today.0.month());
    let us = if m >= 10 { y + 1 } else { y };
    let jp = if m >= 4 { y } else { y - 1 };
    // A label that says the figure is the latest confirmed one is honest already.
    if label
        .0
        .values()
        .any(|t| t.contains("latest confirmed") || t.contains("最新"))
    {
        return None;
    }
    for text in label.0.values() {
        if let Some(fy) = number_after(text, "FY") {
            let rest = &text[text.find("FY").unwrap_or(0)..];
            let range = rest
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .skip(4)
                .take(1)
                .any(|c| matches!(c, '–' | '-' | '/'));
            if !range && fy != us {
                return Some(format!(
                    "the fee is labelled FY {fy}, but FY {us} is in force on {today}: give the current year's amount, or say the figure is the latest confirmed"
                ));
            }
        }
        if let Some(at) = text.find("年度") {
            let digits: String = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if let Ok(n) = digits.parse::<i32>()
                && digits.len() == 4
                && n != jp
            {
                return Some(format!(
                    "the fee is labelled {n}年度, but {jp}年度 is in force on {today}: give the current year's amount, or say the figure is the latest confirmed"
                ));
            }
        }
    }
    None
}

/// Whether a fee's label says it is the latest figure found (`latest
/// confirmed`, `確認できた最新額`): then an old date or year is said
/// openly, as the content guide asks, and `check` does not flag it.
pub(super) fn marked_latest(label: &Localized) -> bool {
    label.0.values().any(|t| {
        t.contains("latest confirmed") || t.contains("latest legible") || t.contains("最新")
    })
}

fn number_after(text: &str, prefix: &str) -> Option<i32> {
    let at = text.find(prefix)?;
    let digits: String = text[at + prefix.len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// For each deadline before `today`, the sentences of the entry's bodies
/// that name its date and still speak of it as to come.
pub(super) fn passed_but_future(e: &Entry, today: Date) -> Vec<String> {
    let mut out = Vec::new();
    for d in e.deadlines.iter().filter(|d| d.date.0 < today.0) {
        let (y, m, day) = (d.date.0.year(), d.date.0.month(), d.date.0.day());
        let month = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
        let forms = [
            d.date.to_string(),
            format!("{day} {month} {y}"),
            format!("{month} {day}, {y}"),
            format!("{y}年{m}月{day}日"),
        ];
        for body in e.bodies.values() {
            for sentence in body.text().split(['.', '。', '\n']) {
                if forms.iter().any(|f| sentence.contains(f.as_str()))
                    && FUTURE.iter().any(|w| sentence.contains(w))
                {
                    out.push(format!(
                        "the deadline of {} has passed, but the text still speaks of it as to come: “{}”",
                        d.date,
                        sentence.trim().chars().take(120).collect::<String>()
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::content::ids::Lang;

    fn loc(s: &str) -> Localized {
        Localized::one(Lang::En, s)
    }

    #[test]
    fn fiscal_year_labels() {
        let today = Date::parse("2026-12-04").unwrap();
        assert!(stale_year_label(&loc("510(k) fee, FY 2025"), today).is_some());
        assert!(stale_year_label(&loc("510(k) fee, FY 2027"), today).is_none());
        assert!(stale_year_label(&loc("Annual charge FY 2026–27"), today).is_none());
        assert!(stale_year_label(&loc("510(k) fee, FY 2026 (latest confirmed)"), today).is_none());
        let ja = Localized::one(Lang::Ja, "2025年度の手数料");
        assert!(stale_year_label(&ja, today).is_some());
        let ja = Localized::one(Lang::Ja, "2026年度の手数料");
        assert!(stale_year_label(&ja, today).is_none());
        // Half a year on, FY 2027 is still in force; a year on it is not.
        assert!(stale_year_label(&loc("FY 2027"), Date::parse("2027-06-01").unwrap()).is_none());
        assert!(stale_year_label(&loc("FY 2027"), Date::parse("2027-10-01").unwrap()).is_some());
    }
}
