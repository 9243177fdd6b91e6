//! Impact-ordered "heads" of the static index's postings (issue #21): a
//! twin `h<k>.js` of every term shard `t<k>.js`, so that a first query for
//! a word found in most documents reads a few KB instead of every posting.
//!
//! For each term of the shard, its entry is what `search.js` would gather
//! for that word typed in full: the term's own postings and, for a Latin word
//! of three or more letters, those of the words it begins (weight × 0.7) in
//! the shards the searcher would load — the best weight per document. Of
//! these, the [`HEAD_DOCS`] highest weights (ties: lowest documents first)
//! are the head; the entry also says how many documents there are in all
//! (the searcher's idf needs it) and the highest weight left out, with the
//! lowest document that has it (the bound of the tail). The searcher runs a
//! threshold top-k over the heads and reads the shards only when the heads
//! cannot decide the page (docs/static-search-loading.md).
//!
//! A head that is not cut and gathers nothing from the next shards is no
//! more than the shard says: its entry is `[term]` and the searcher reads
//! the term in `t<k>.js` (as it would when the heads cannot decide, so a
//! question is not read twice); a shard of such terms only has 1 for
//! `h<k>.js`. Other entries are `[term, documents, tail code, tail document,
//! head]`. A weight
//! code is `2 × digit + 1` for a word the term begins (its weight is
//! digit × 0.7), `2 × digit` for the term itself, 0 for no tail. The head is
//! groups of one code, highest weight first: the code, the group's length
//! − 1 and its documents as gaps (varints, as in postings).

use serde_json::{Value, json};

use super::analyzer::is_cjk;
use super::static_index::{DIGITS, push_varint};

/// Documents per term in a head: at 100k documents a head is ~3 KB where
/// the postings of a word found in most documents are ~200 KB.
pub const HEAD_DOCS: usize = 1024;

/// The value of each digit byte (its place in [`DIGITS`]).
pub(super) fn digit_values() -> [u32; 256] {
    let mut value = [0u32; 256];
    for (i, d) in DIGITS.iter().enumerate() {
        value[*d as usize] = i as u32;
    }
    value
}

/// Reads the varint at `bytes[*i..]` (as `push_varint` writes it) and moves
/// `i` past it.
pub(super) fn read_varint(bytes: &[u8], i: &mut usize, value: &[u32; 256]) -> u32 {
    let (mut n, mut shift) = (0u32, 0);
    loop {
        let v = value[bytes[*i] as usize];
        *i += 1;
        if v < 32 {
            return n | v << shift;
        }
        n |= (v - 32) << shift;
        shift += 5;
    }
}

/// Reads postings (gap varint, weight digit per document) as (document,
/// weight digit).
pub fn decode_postings(enc: &str) -> Vec<(u32, u32)> {
    let value = digit_values();
    let bytes = enc.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut end) = (0, 0u32);
    while i < bytes.len() {
        let doc = end + read_varint(bytes, &mut i, &value);
        out.push((doc, value[bytes[i] as usize]));
        i += 1;
        end = doc + 1;
    }
    out
}

/// The weight the searcher computes from a code (`digit × 1` or `digit × 0.7`,
/// the same floating-point operation).
pub fn code_weight(code: u32) -> f64 {
    let digit = f64::from(code / 2);
    if code % 2 == 1 {
        digit * 0.7
    } else {
        digit * 1.0
    }
}

/// The contents of `h<k>.js`: the head entries of shard `k` (just `[term]`
/// for a head no different from the term's postings), or 1 when that is so
/// for every term of the shard. `terms` are sorted, with their encoded
/// postings; `starts[k]` is the first term of shard `k`.
pub fn head(terms: &[(&str, &str)], starts: &[usize], k: usize, head_docs: usize) -> Value {
    let end = starts.get(k + 1).copied().unwrap_or(terms.len());
    let entries: Vec<(Value, bool)> = (starts[k]..end)
        .map(|i| entry(terms, starts, k, i, head_docs))
        .collect();
    if entries.iter().any(|e| e.1) {
        Value::Array(
            entries
                .into_iter()
                .map(|(e, more)| if more { e } else { json!([e[0]]) })
                .collect(),
        )
    } else {
        json!(1)
    }
}

/// The head entry of term `i` (of shard `k`), and whether it says more than
/// the shard does (it is cut or gathers words from the next shards).
fn entry(
    terms: &[(&str, &str)],
    starts: &[usize],
    k: usize,
    i: usize,
    head_docs: usize,
) -> (Value, bool) {
    let (all, last) = gathered(terms, starts, k, i);
    let total = all.len();
    let (tail_code, tail_doc, head) = cut(all, head_docs);
    (
        json!([terms[i].0, total, tail_code, tail_doc, head]),
        tail_code != 0 || last > k,
    )
}

/// What `search.js` gathers for a term typed in full, as (weight, code,
/// document), the best weight per document, in no order.
pub type Gathered = Vec<(f64, u32, u32)>;

/// What `search.js` gathers for term `i` typed in full.
pub fn gather(terms: &[(&str, &str)], starts: &[usize], i: usize) -> Gathered {
    let k = starts.partition_point(|&s| s <= i).saturating_sub(1);
    gathered(terms, starts, k, i).0
}

/// The head of `term` (`all`: what is gathered for it) among the documents
/// `member` marks (the entries of a topic's category), for `hg<c>.js`:
/// `[term, documents in all (the idf is the whole index's), tail code, tail
/// document, head, the best code outside the category, the lowest document
/// outside with it]` — what `search.js` needs to bound a topic's entries by
/// their own tail rather than by the best documents of the whole index.
pub fn category_entry(
    term: &str,
    all: &[(f64, u32, u32)],
    head_docs: usize,
    member: &[bool],
) -> Value {
    let total = all.len();
    let (inside, outside): (Vec<_>, Vec<_>) = all
        .iter()
        .copied()
        .partition(|x| member.get(x.2 as usize).copied().unwrap_or(false));
    let (out_code, out_doc, _) = cut(outside, 0);
    let (tail_code, tail_doc, head) = cut(inside, head_docs);
    json!([term, total, tail_code, tail_doc, head, out_code, out_doc])
}

/// What `search.js` gathers for term `i` of shard `k` typed in full, as
/// (weight, code, document), the best per document; and the last shard it
/// reads for it.
fn gathered(terms: &[(&str, &str)], starts: &[usize], k: usize, i: usize) -> (Gathered, usize) {
    let term = terms[i].0;
    // As search.js: a Latin word of 3+ UTF-16 units also matches the words
    // it begins, in its shard and the next two that start with it.
    let prefix = !term.chars().any(is_cjk) && term.encode_utf16().count() >= 3;
    let mut last = k;
    while prefix
        && last + 1 < starts.len()
        && last < k + 2
        && terms[starts[last + 1]].0.starts_with(term)
    {
        last += 1;
    }
    let end = starts.get(last + 1).copied().unwrap_or(terms.len());
    let mut all: Vec<(f64, u32, u32)> = decode_postings(terms[i].1)
        .into_iter()
        .map(|(d, w)| (code_weight(2 * w), 2 * w, d))
        .collect();
    let longer: Vec<usize> = (i + 1..end)
        .take_while(|&j| prefix && terms[j].0.starts_with(term))
        .collect();
    if !longer.is_empty() {
        let mut best: std::collections::HashMap<u32, (f64, u32)> =
            all.iter().map(|&(w, c, d)| (d, (w, c))).collect();
        for j in longer {
            for (d, w) in decode_postings(terms[j].1) {
                let code = 2 * w + 1;
                let weight = code_weight(code);
                let slot = best.entry(d).or_insert((weight, code));
                if slot.0 < weight {
                    *slot = (weight, code);
                }
            }
        }
        all = best.into_iter().map(|(d, (w, c))| (w, c, d)).collect();
    }
    (all, last)
}

/// The `head_docs` highest weights of `all` (ties: lowest documents first)
/// as groups of one code (highest weight first: the code, the group's
/// length − 1, its documents as gaps), with the code and lowest document of
/// the highest weight left out (0, 0 when nothing is).
fn cut(mut all: Vec<(f64, u32, u32)>, head_docs: usize) -> (u32, u32, String) {
    all.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    let (tail_code, tail_doc) = all.get(head_docs).map_or((0, 0), |t| (t.1, t.2));
    all.truncate(head_docs);
    // Groups of one code, highest weight first, documents ascending.
    all.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut head = String::new();
    let mut g = 0;
    while g < all.len() {
        let code = all[g].1;
        let len = all[g..].iter().take_while(|x| x.1 == code).count();
        push_varint(&mut head, code);
        push_varint(&mut head, (len - 1) as u32);
        let mut at = 0;
        for x in &all[g..g + len] {
            push_varint(&mut head, x.2 - at);
            at = x.2 + 1;
        }
        g += len;
    }
    (tail_code, tail_doc, head)
}

/// Postings of (document, weight digit), encoded as the index does: for
/// tests.
#[cfg(test)]
pub(super) fn encode_postings(list: &[(u32, u32)]) -> String {
    let mut out = String::new();
    let mut end = 0;
    for &(d, w) in list {
        push_varint(&mut out, d - end);
        out.push(DIGITS[w as usize] as char);
        end = d + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_postings as postings;
    use super::*;

    /// An entry's head as (weight, document), in the order written.
    fn head(entry: &Value) -> Vec<(f64, u32)> {
        // The head is a run of varints.
        let bytes = entry[4].as_str().unwrap().as_bytes();
        let value = digit_values();
        let mut nums = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            nums.push(read_varint(bytes, &mut i, &value));
        }
        let mut out = Vec::new();
        let mut k = 0;
        while k < nums.len() {
            let (code, len) = (nums[k], nums[k + 1] + 1);
            k += 2;
            let mut end = 0;
            for _ in 0..len {
                let d = end + nums[k];
                out.push((code_weight(code), d));
                end = d + 1;
                k += 1;
            }
        }
        out
    }

    #[test]
    fn postings_decode_as_written() {
        let list = [(0, 3), (5, 63), (1000, 1), (1001, 0)];
        assert_eq!(decode_postings(&postings(&list)), list);
    }

    #[test]
    fn heads_hold_the_highest_weights_first_then_the_lowest_documents() {
        let enc = postings(&[(1, 3), (2, 9), (4, 9), (7, 1), (9, 5), (12, 9), (40, 5)]);
        let terms = [("label", enc.as_str())];
        let h = &super::head(&terms, &[0], 0, 3)[0];
        assert_eq!(h[0], "label");
        assert_eq!(h[1], 7, "documents in all");
        assert_eq!(head(h), [(9.0, 2), (9.0, 4), (9.0, 12)]);
        // The tail: weight 5 (code 10), first at document 9.
        assert_eq!((h[2].as_u64(), h[3].as_u64()), (Some(10), Some(9)));
        // Ties at the cut keep the lowest documents; the tail starts at the
        // next one of the same weight.
        let h = &super::head(&terms, &[0], 0, 2)[0];
        assert_eq!(head(h), [(9.0, 2), (9.0, 4)]);
        assert_eq!((h[2].as_u64(), h[3].as_u64()), (Some(18), Some(12)));
        // Not cut: the shard is its own head; beside a cut head, a term not
        // cut is named alone (the searcher reads it in the shard).
        assert_eq!(super::head(&terms, &[0], 0, 100), json!(1));
        let lot = postings(&[(3, 2)]);
        let terms = [("label", enc.as_str()), ("lot", lot.as_str())];
        let shard = &super::head(&terms, &[0], 0, 3);
        assert_eq!((&shard[0][1], &shard[1]), (&json!(7), &json!(["lot"])));
    }

    /// A category head holds the best of the category's documents only, cut
    /// with its own tail, and says the best weight outside it.
    #[test]
    fn category_heads_keep_their_members_and_bound_the_rest() {
        let enc = postings(&[(1, 3), (2, 9), (4, 9), (7, 1), (9, 5), (12, 9), (40, 5)]);
        let terms = [("label", enc.as_str())];
        // Members: 1, 7, 9, 40 (not the documents of weight 9).
        let mut member = vec![false; 41];
        for d in [1, 7, 9, 40] {
            member[d] = true;
        }
        let e = category_entry("label", &gather(&terms, &[0], 0), 2, &member);
        assert_eq!(e[0], "label");
        assert_eq!(e[1], 7, "documents in all, for the idf");
        assert_eq!(head(&e), [(5.0, 9), (5.0, 40)]);
        // The tail: weight 3 (code 6) at document 1; outside: 9 (code 18) at 2.
        assert_eq!((e[2].as_u64(), e[3].as_u64()), (Some(6), Some(1)));
        assert_eq!((e[5].as_u64(), e[6].as_u64()), (Some(18), Some(2)));
        // No member: an empty head, no tail.
        let e = category_entry("label", &gather(&terms, &[0], 0), 2, &[]);
        assert_eq!((head(&e), e[2].as_u64()), (vec![], Some(0)));
    }

    /// A Latin word of 3+ letters gathers the words it begins (× 0.7) from
    /// the shards search.js loads for it — its own and the next two that
    /// start with it — so its count and weights are the searcher's.
    #[test]
    fn prefix_counts_follow_the_shards() {
        let a = postings(&[(0, 2), (3, 1)]);
        let b = postings(&[(3, 10), (5, 4)]);
        let c = postings(&[(6, 1)]);
        let d = postings(&[(8, 1)]);
        let e = postings(&[(9, 1)]);
        // Shards: [reg, regist] [registr] [registration] [registry]
        let terms = [
            ("reg", a.as_str()),
            ("regist", b.as_str()),
            ("registr", c.as_str()),
            ("registration", d.as_str()),
            ("registry", e.as_str()),
        ];
        let starts = [0, 2, 3, 4];
        let all: Vec<Value> = (0..4)
            .map(|k| super::head(&terms, &starts, k, 100))
            .collect();
        let reg = &all[0][0];
        // Documents 0, 3, 5 (its shard), 6 (next), 8 (the one after); not 9.
        assert_eq!(reg[1], 5);
        let h = head(reg);
        assert!(h.contains(&(10.0 * 0.7, 3)), "the better weight: {h:?}");
        assert!(h.contains(&(2.0, 0)) && h.contains(&(0.7, 8)), "{h:?}");
        assert!(!h.iter().any(|x| x.1 == 9), "{h:?}");
        // registr: its own shard, then registration's, then registry's.
        assert_eq!(all[1][0][1], 3);
        // The last two shards gather nothing from others and are not cut.
        assert_eq!(all[2..], [json!(1), json!(1)]);
        // Two letters, or Japanese: the term alone.
        let f = postings(&[(1, 1)]);
        let g = postings(&[(2, 1)]);
        for (short, long) in [("re", "reg"), ("登録", "登録者")] {
            let terms = [(short, f.as_str()), (long, g.as_str())];
            assert_eq!(super::head(&terms, &[0], 0, 0)[0][1], 1, "{short}");
        }
    }
}
