//! The regulatory calendar: every entry's `deadlines`, as one list per
//! language (the calendar page, upcoming first, then the recent past) and
//! as an iCalendar feed people can subscribe to (`ja/calendar.ics`,
//! `en/calendar.ics`), each event linking to its entry's page.

use icalendar::{Calendar, Component, EventLike};
use serde_json::{Value, json};

use super::views::Urls;
use crate::content::Library;
use crate::content::ids::Lang;
use crate::content::model::Entry;

/// One dated rule of the calendar.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// The entry that states it.
    pub entry: &'a Entry,
    /// Its position in the entry's `deadlines`.
    pub index: usize,
}

/// Every deadline of the library, by date, then entry id.
pub fn events(lib: &Library) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = lib
        .entries
        .values()
        .filter(|e| !e.draft)
        .flat_map(|e| (0..e.deadlines.len()).map(move |index| Event { entry: e, index }))
        .collect();
    out.sort_by(|a, b| {
        let (da, db) = (&a.entry.deadlines[a.index], &b.entry.deadlines[b.index]);
        da.date
            .to_string()
            .cmp(&db.date.to_string())
            .then_with(|| a.entry.id.cmp(&b.entry.id))
            .then(a.index.cmp(&b.index))
    });
    out
}

fn text(t: &crate::content::text::Text, e: &Entry, lang: Lang) -> String {
    t.localize(e.lang).or_any(lang).to_string()
}

/// The calendar page's rows in `lang`.
pub fn rows(lib: &Library, urls: &Urls, lang: Lang) -> Vec<Value> {
    events(lib)
        .into_iter()
        .map(|ev| {
            let d = &ev.entry.deadlines[ev.index];
            let market = ev
                .entry
                .requirement()
                .map(|r| r.jurisdiction.to_string())
                .or_else(|| ev.entry.jurisdiction().map(|j| j.code.to_string()));
            let market_title = market
                .as_deref()
                .and_then(|c| crate::content::ids::Code::parse(c).ok())
                .and_then(|c| lib.jurisdiction(&c))
                .map(|j| j.title.or_any(lang).to_string());
            json!({
                "date": d.date.to_string(),
                "what": text(&d.what, ev.entry, lang),
                "binds": d.binds.as_ref().map(|b| text(b, ev.entry, lang)),
                "entry": {"title": ev.entry.title.or_any(lang), "url": urls.entry(ev.entry.id.as_str(), lang)},
                "market": market,
                "market_title": market_title,
                "category": ev.entry.requirement().map(|r| r.category.as_str()),
                "source": ev.entry.sources.get(d.source).map(|s| s.url.as_str()),
            })
        })
        .collect()
}

/// The iCalendar feed in `lang`: one all-day event per deadline, its page as
/// URL, deterministic (stamps and ids derive from the content).
pub fn ics(lib: &Library, urls: &Urls, base_url: &str, lang: Lang) -> String {
    let origin = base_url
        .split_once("://")
        .and_then(|(scheme, rest)| rest.split('/').next().map(|h| format!("{scheme}://{h}")))
        .unwrap_or_default();
    let mut cal = Calendar::new();
    let title = lib
        .config
        .title
        .localize(lib.config.default_language)
        .or_any(lang)
        .to_string();
    cal.name(&title);
    for ev in events(lib) {
        let d = &ev.entry.deadlines[ev.index];
        let Ok(date) = chrono::NaiveDate::parse_from_str(&d.date.to_string(), "%Y-%m-%d") else {
            continue;
        };
        let stamp =
            chrono::NaiveDate::parse_from_str(&ev.entry.last_reviewed.to_string(), "%Y-%m-%d")
                .ok()
                .and_then(|n| n.and_hms_opt(0, 0, 0))
                .map(|n| n.and_utc())
                .unwrap_or_default();
        let page = format!("{origin}{}", urls.entry(ev.entry.id.as_str(), lang));
        let mut description = ev.entry.title.or_any(lang).to_string();
        if let Some(b) = &d.binds {
            description = format!("{description}\n{}", text(b, ev.entry, lang));
        }
        description = format!("{description}\n{page}");
        let event = icalendar::Event::new()
            .uid(&format!("{}-{}-{lang}@regnav", ev.entry.id, ev.index).replace('/', "."))
            .timestamp(stamp)
            .summary(&text(&d.what, ev.entry, lang))
            .description(&description)
            .url(&page)
            .all_day(date)
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}
