//! The regulatory calendar: every `deadlines` item of the knowledge base on
//! the calendar page (upcoming first, then the past) and in an iCalendar
//! feed per language that parses back and links each event to its entry.

mod common;

fn with_deadlines() -> tempfile::TempDir {
    let kb = common::kb_with_overlay(None);
    let p = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen(
            "last_reviewed:",
            "deadlines:\n  - {date: 2099-01-31, what: {ja: 新制度の施行, en: New rules apply}, binds: {ja: 輸入業者, en: Importers}, source: 0}\n  - {date: 2001-03-01, what: {ja: 旧制度の終了, en: Old rules ended}, source: 0}\nlast_reviewed:",
            1,
        ),
    )
    .unwrap();
    kb
}

#[test]
fn the_feed_parses_and_every_event_links_to_its_entry() {
    let kb = with_deadlines();
    let (_keep, site) = common::build_site(kb.path(), Some("https://cal.example/"));
    for lang in ["ja", "en"] {
        let text = std::fs::read_to_string(site.join(format!("{lang}/calendar.ics"))).unwrap();
        let unfolded = icalendar::parser::unfold(&text);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("the feed parses");
        let events: Vec<_> = cal
            .components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .collect();
        assert_eq!(events.len(), 2, "{lang}");
        for e in &events {
            let url = e.find_prop("URL").expect("URL").val.to_string();
            let path = url
                .strip_prefix("https://cal.example/")
                .expect("absolute URL");
            assert!(
                site.join(path).join("index.html").is_file(),
                "{url} is a page"
            );
            assert!(e.find_prop("DTSTART").is_some() && e.find_prop("UID").is_some());
        }
        let summaries: Vec<String> = events
            .iter()
            .map(|e| e.find_prop("SUMMARY").unwrap().val.to_string())
            .collect();
        let want = if lang == "ja" {
            "新制度の施行"
        } else {
            "New rules apply"
        };
        assert!(summaries.iter().any(|s| s == want), "{summaries:?}");
    }
    // Deterministic: the same content gives the same bytes.
    let (_keep2, again) = common::build_site(kb.path(), Some("https://cal.example/"));
    assert_eq!(
        std::fs::read(site.join("en/calendar.ics")).unwrap(),
        std::fs::read(again.join("en/calendar.ics")).unwrap()
    );
}

#[test]
fn the_page_puts_what_is_coming_first_and_the_past_after() {
    let kb = with_deadlines();
    let (_keep, site) = common::build_site(kb.path(), None);
    let page = std::fs::read_to_string(site.join("en/calendar/index.html")).unwrap();
    let upcoming = page.find("id=\"upcoming\"").expect("upcoming list");
    let past = page.find("id=\"past\"").expect("past list");
    let new_rules = page.find("New rules apply").expect("the future event");
    let old_rules = page.find("Old rules ended").expect("the past event");
    assert!(upcoming < new_rules && new_rules < past && past < old_rules);
    assert!(page.contains("calendar.ics"));
}
