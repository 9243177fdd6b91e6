//! Excerpts: the passage of a hit's text with the most of the query's
//! terms, HTML-escaped, each match in `<b>` (touching matches merged, so
//! the bigrams of ベトナム mark the word).

/// The passage of `text` (about `width` characters) with the most distinct
/// query terms, HTML-escaped, each match in `<b>`; `None` if no term occurs.
/// Terms are the analyser's (lower case, Latin stemmed): a Latin term matches
/// at the start of a word ("registr" in "Registration"), a CJK one anywhere.
/// Found by scanning, not by re-tokenising the document: a hit's excerpt
/// costs microseconds.
pub fn excerpt(text: &str, terms: &[&str], width: usize) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut matches: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, term)
    for (k, t) in terms.iter().enumerate() {
        if t.is_empty() {
            continue;
        }
        let latin = t.is_ascii();
        for (at, m) in lower.match_indices(t) {
            if latin
                && lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // A Latin match covers the rest of its word (the stem's ending).
            let end = if latin {
                at + m.len()
                    + lower[at + m.len()..]
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(lower.len() - at - m.len())
            } else {
                at + m.len()
            };
            matches.push((at, end, k));
        }
    }
    if matches.is_empty() {
        return None;
    }
    matches.sort();
    // Char offsets of the matches, to measure the window in characters.
    let char_at = |byte: usize| text[..byte].chars().count();
    let starts: Vec<usize> = matches.iter().map(|m| char_at(m.0)).collect();
    let mut best = (0usize, 0usize);
    for i in 0..matches.len() {
        let mut seen = std::collections::BTreeSet::new();
        for j in i..matches.len() {
            if starts[j] >= starts[i] + width {
                break;
            }
            seen.insert(matches[j].2);
        }
        if seen.len() > best.0 {
            best = (seen.len(), i);
        }
    }
    let first = starts[best.1];
    let from_char = first.saturating_sub(width / 4);
    let from = text.char_indices().nth(from_char).map_or(0, |(b, _)| b);
    let to = text
        .char_indices()
        .nth(from_char + width)
        .map_or(text.len(), |(b, _)| b);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    // Overlapping and touching matches are one mark: the bigrams of ベトナム
    // highlight the word, not ベト and ナム.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &(s, e, _) in matches.iter().filter(|m| m.0 >= from && m.1 <= to) {
        match spans.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => spans.push((s, e)),
        }
    }
    let mut cursor = from;
    for (s, e) in spans {
        out.push_str(&html_escape(&text[cursor..s]));
        out.push_str("<b>");
        out.push_str(&html_escape(&text[s..e]));
        out.push_str("</b>");
        cursor = e;
    }
    out.push_str(&html_escape(&text[cursor..to]));
    if to < text.len() {
        out.push('…');
    }
    Some(out)
}

/// Escapes `&`, `<` and `>`.
pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_mark_terms_and_escape() {
        let text = "Registration <b>with</b> the Thai FDA. 医療機器の登録は申請から始まる。";
        let e = excerpt(text, &["registr", "登録"], 180).unwrap();
        assert!(e.starts_with("<b>Registration</b> &lt;b&gt;with"), "{e}");
        assert!(e.contains("<b>登録</b>"), "{e}");
        assert_eq!(excerpt(text, &["unregistr"], 180), None);
        // Not inside a word; the window holds the most distinct terms.
        let long = format!("{} fee and registr{}", "x ".repeat(200), " y".repeat(200));
        let e = excerpt(&long, &["fee", "registr"], 40).unwrap();
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("<b>fee</b> and <b>registr</b>"), "{e}");
        assert_eq!(excerpt("prefee", &["fee"], 40), None);
        // Regression (issue #18, item 9): bigrams highlight whole words.
        let e = excerpt("ベトナムの登録", &["ベト", "トナ", "ナム"], 40).unwrap();
        assert_eq!(e, "<b>ベトナム</b>の登録");
    }
}
