//! Rules in plain words: an `applies` rule as a sentence in the reader's
//! language ("クラスCまたはDで、米国・EUの承認を使わない場合" / "Class C or
//! D, unless you rely on a US or EU approval"), for pages, plans and every
//! export. The words (attribute labels, names of reference approvals) are
//! data shipped to the page too, and `checklist.js` builds the same
//! sentence from them (the parity test compares both).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::content::Library;
use crate::content::ids::{DeviceType, Fact, Lang};
use crate::content::raw::Applies;

/// Names used in sentences, per language: attribute labels and the names of
/// jurisdictions whose approvals are referred to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Words<'a> {
    lib: Option<&'a Library>,
}

/// Attribute labels (ja, en) of the built-in theme, made once.
fn attrs() -> &'static BTreeMap<String, (String, String)> {
    static ATTRS: std::sync::OnceLock<BTreeMap<String, (String, String)>> =
        std::sync::OnceLock::new();
    ATTRS.get_or_init(|| {
        let i18n = theme_labels();
        let mut attrs = BTreeMap::new();
        if let Some(ja) = i18n["ja"]["attr"].as_object() {
            for (k, v) in ja {
                let en = i18n["en"]["attr"][k].as_str().unwrap_or(k).to_string();
                attrs.insert(k.clone(), (v.as_str().unwrap_or(k).to_string(), en));
            }
        }
        attrs
    })
}

/// [`PLACES`] as a map, made once.
fn places() -> &'static BTreeMap<String, (String, String)> {
    static PLACE_MAP: std::sync::OnceLock<BTreeMap<String, (String, String)>> =
        std::sync::OnceLock::new();
    PLACE_MAP.get_or_init(|| {
        PLACES
            .iter()
            .map(|(c, ja, en)| (c.to_string(), (ja.to_string(), en.to_string())))
            .collect()
    })
}

/// Names of common reference jurisdictions, for codes the knowledge base
/// has no jurisdiction entry for.
const PLACES: &[(&str, &str, &str)] = &[
    ("us", "米国", "US"),
    ("eu", "EU", "EU"),
    ("jp", "日本", "Japanese"),
    ("au", "オーストラリア", "Australian"),
    ("ca", "カナダ", "Canadian"),
    ("sg", "シンガポール", "Singapore"),
    ("gb", "英国", "UK"),
    ("ch", "スイス", "Swiss"),
    ("cn", "中国", "Chinese"),
    ("kr", "韓国", "Korean"),
    ("tw", "台湾", "Taiwan"),
    ("hk", "香港", "Hong Kong"),
    ("in", "インド", "Indian"),
    ("br", "ブラジル", "Brazilian"),
    ("who-pq", "WHO事前認証", "WHO prequalification"),
    ("mdsap", "MDSAP", "MDSAP"),
];

const THEME_I18N: &str = include_str!("../../templates/i18n.json");

/// The built-in theme's labels (constant data, parsed once).
fn theme_labels() -> &'static Value {
    static LABELS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| serde_json::from_str(THEME_I18N).unwrap_or(Value::Null))
}

/// A label of the built-in theme: `label(Lang::Ja, "categories", "registration")`.
pub fn label(lang: Lang, section: &str, key: &str) -> String {
    theme_labels()[lang.as_str()][section][key]
        .as_str()
        .unwrap_or(key)
        .to_string()
}

impl<'a> Words<'a> {
    /// The words for a library: the theme's attribute labels, the table of
    /// reference names, and the titles of the library's jurisdictions.
    pub fn new(lib: &'a Library) -> Words<'a> {
        Words { lib: Some(lib) }
    }

    /// An attribute's label in `lang`.
    pub fn attr_name(&self, attr: &str, lang: Lang) -> String {
        Self::pick(attrs().get(attr), lang, attr).to_string()
    }

    /// A document's title in `lang` (its id when the library lacks it).
    pub fn document_title(&self, id: &crate::content::ids::EntryId, lang: Lang) -> String {
        self.lib
            .and_then(|lib| lib.get(id))
            .map(|e| e.title.or_any(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    fn jurisdiction_name(&self, code: &str) -> Option<(String, String)> {
        let lib = self.lib?;
        let code = crate::content::ids::Code::parse(code).ok()?;
        let e = lib.jurisdiction(&code)?;
        Some((
            e.title.or_any(Lang::Ja).to_string(),
            e.title.or_any(Lang::En).to_string(),
        ))
    }

    /// The same words as JSON, for the page's planner.
    pub fn to_json(&self) -> Value {
        let pair = |(ja, en): &(String, String)| json!({"ja": ja, "en": en});
        let mut places = places().clone();
        if let Some(lib) = self.lib {
            for e in lib.entries.values() {
                if let Some(j) = e.jurisdiction() {
                    places.entry(j.code.to_string()).or_insert_with(|| {
                        (
                            e.title.or_any(Lang::Ja).to_string(),
                            e.title.or_any(Lang::En).to_string(),
                        )
                    });
                }
            }
        }
        json!({
            "attr": attrs().iter().map(|(k, v)| (k.clone(), pair(v))).collect::<serde_json::Map<_, _>>(),
            "place": places.iter().map(|(k, v)| (k.clone(), pair(v))).collect::<serde_json::Map<_, _>>(),
        })
    }

    fn pick<'s>(pair: Option<&'s (String, String)>, lang: Lang, fallback: &'s str) -> &'s str {
        match (pair, lang) {
            (Some((ja, _)), Lang::Ja) => ja,
            (Some((_, en)), _) => en,
            (None, _) => fallback,
        }
    }

    /// The name of a jurisdiction (or reference approval's place) in `lang`.
    pub fn place_name(&self, code: &str, lang: Lang) -> String {
        self.place(code, lang)
    }

    fn place(&self, code: &str, lang: Lang) -> String {
        if let Some(p) = places().get(code) {
            return Self::pick(Some(p), lang, code).to_string();
        }
        let found = self.jurisdiction_name(code);
        Self::pick(found.as_ref(), lang, &code.to_uppercase()).to_string()
    }

    fn fact(&self, f: &Fact, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match f {
            Fact::Class(c) => {
                if ja {
                    format!("クラス{}", c.0)
                } else {
                    format!("class {}", c.0)
                }
            }
            Fact::Type(DeviceType::Ivd) => if ja {
                "体外診断用（IVD）"
            } else {
                "an IVD"
            }
            .to_string(),
            Fact::Type(_) => if ja {
                "IVD以外の機器"
            } else {
                "a general (non-IVD) device"
            }
            .to_string(),
            Fact::Attr(a) => {
                let label = Self::pick(attrs().get(a.as_str()), lang, a.as_str());
                if ja {
                    format!("「{label}」に当たる")
                } else {
                    format!("{} device", lower_word(label))
                }
            }
            Fact::Ref(c) => {
                let name = self.place(c.as_str(), lang);
                if ja {
                    format!("{name}の承認を使う")
                } else {
                    format!("you rely on a {name} approval")
                }
            }
        }
    }

    /// A rule as a sentence in `lang`.
    pub fn rule(&self, a: &Applies, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        if a.all.is_empty() && a.any.is_empty() && a.none.is_empty() {
            return if ja {
                "すべての機器"
            } else {
                "Every device"
            }
            .to_string();
        }
        let mut parts: Vec<String> = a.all.iter().map(|f| self.fact(f, lang)).collect();
        if !a.any.is_empty() {
            parts.push(self.alternatives(&a.any, lang));
        }
        let head = if parts.is_empty() {
            String::new()
        } else if ja {
            parts.join("、かつ")
        } else {
            parts.join(", and ")
        };
        let mut s = head.clone();
        if !a.none.is_empty() {
            let refs: Vec<String> = a
                .none
                .iter()
                .filter_map(|f| match f {
                    Fact::Ref(c) => Some(self.place(c.as_str(), lang)),
                    _ => None,
                })
                .collect();
            let others: Vec<String> = a
                .none
                .iter()
                .filter(|f| !matches!(f, Fact::Ref(_)))
                .map(|f| self.fact(f, lang))
                .collect();
            let mut unless = Vec::new();
            if !refs.is_empty() {
                unless.push(if ja {
                    format!("{}の承認を使う", refs.join("・"))
                } else {
                    format!("you rely on a {} approval", or_list(&refs))
                });
            }
            // 「クラス1の場合を除く」: a noun takes の before 場合; a verb (…に当たる, …を使う) does not.
            unless.extend(others.into_iter().map(|w| {
                if ja && !w.ends_with('る') {
                    format!("{w}の")
                } else {
                    w
                }
            }));
            if ja {
                let sep = if head.is_empty() { "" } else { "で、" };
                s = format!("{head}{sep}{}場合を除く", unless.join("か、"));
                return s;
            }
            s = if head.is_empty() {
                format!("Every device, unless {}", unless.join(" or "))
            } else {
                format!("{head}, unless {}", unless.join(" or "))
            };
        } else if ja {
            s.push_str("の場合");
        }
        capitalise(&s)
    }

    fn alternatives(&self, any: &[Fact], lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let classes: Vec<&str> = any
            .iter()
            .filter_map(|f| match f {
                Fact::Class(c) => Some(c.0.as_str()),
                _ => None,
            })
            .collect();
        if classes.len() == any.len() {
            let list: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
            return if ja {
                format!("クラス{}", list.join("または"))
            } else {
                format!("class {}", or_list(&list))
            };
        }
        let refs: Vec<String> = any
            .iter()
            .filter_map(|f| match f {
                Fact::Ref(c) => Some(self.place(c.as_str(), lang)),
                _ => None,
            })
            .collect();
        if refs.len() == any.len() {
            return if ja {
                format!("{}のいずれかの承認を使う", refs.join("・"))
            } else {
                format!("you rely on a {} approval", or_list(&refs))
            };
        }
        let words: Vec<String> = any.iter().map(|f| self.fact(f, lang)).collect();
        if ja {
            words.join("か、")
        } else {
            or_list(&words)
        }
    }
}

/// `Software` → `software`, but `AI` stays `AI` (an acronym).
fn lower_word(w: &str) -> String {
    let mut c = w.chars();
    match (c.next(), c.next()) {
        (Some(f), Some(s)) if s.is_lowercase() => {
            f.to_lowercase().collect::<String>() + &w[f.len_utf8()..]
        }
        _ => w.to_string(),
    }
}

/// The profile in plain words, in the plan's language: names, not codes
/// (`checklist.js` writes the same sentence: `profileSummary`).
pub fn profile_summary(
    words: &Words,
    p: &super::profile::Profile,
    markets: &[super::plan::MarketPlan],
    lang: Lang,
) -> String {
    let l = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let list = |items: Vec<String>| items.join(l("、", ", "));
    let market_name = |code: &str| {
        markets
            .iter()
            .find(|m| m.jurisdiction == code)
            .map(|m| m.title.clone())
            .unwrap_or_else(|| words.place_name(code, lang))
    };
    let mut parts = vec![format!(
        "{}: {}",
        l("対象市場", "Markets"),
        list(p.markets.iter().map(|m| market_name(m.as_str())).collect())
    )];
    let note = |c: &super::profile::Converted| {
        let caveat = if lang == Lang::Ja {
            &c.caveat.1
        } else {
            &c.caveat.0
        };
        if lang == Lang::Ja {
            format!("（{}から換算。{caveat}）", c.from)
        } else {
            format!(" (from {}: {caveat})", c.from)
        }
    };
    if let Some(g) = p.class.global {
        let conv = p.class.converted.iter().find(|c| c.market.is_none());
        parts.push(format!(
            "{}: {g}{}",
            l("クラス（GHTF）", "Class (GHTF)"),
            conv.map(note).unwrap_or_default()
        ));
    }
    for (m, c) in &p.class.per_market {
        let conv = p
            .class
            .converted
            .iter()
            .find(|x| x.market.as_deref() == Some(m.as_str()));
        parts.push(format!(
            "{}（{}）: {c}{}",
            l("クラス", "Class"),
            market_name(m),
            conv.map(note).unwrap_or_default()
        ));
    }
    parts.push(format!(
        "{}: {}",
        l("種類", "Type"),
        match (p.device_type, lang) {
            (crate::content::ids::DeviceType::Ivd, Lang::Ja) => "体外診断用（IVD）",
            (crate::content::ids::DeviceType::Ivd, _) => "IVD",
            (_, Lang::Ja) => "一般の医療機器",
            _ => "general device",
        }
    ));
    if !p.attrs.is_empty() {
        parts.push(format!(
            "{}: {}",
            l("属性", "Attributes"),
            list(
                p.attrs
                    .iter()
                    .map(|a| words.attr_name(a.as_str(), lang))
                    .collect()
            )
        ));
    }
    if !p.refs.is_empty() {
        parts.push(format!(
            "{}: {}",
            l("取得済みの承認", "Approvals held"),
            list(
                p.refs
                    .iter()
                    .map(|r| words.place_name(r.as_str(), lang))
                    .collect()
            )
        ));
    }
    if !p.have.is_empty() {
        parts.push(format!(
            "{}: {}",
            l("取得済みの書類", "Documents held"),
            list(
                p.have
                    .iter()
                    .map(|d| words.document_title(d, lang))
                    .collect()
            )
        ));
    }
    parts.join(" · ")
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Fact {
        Fact::parse(s).unwrap()
    }

    #[test]
    fn rules_read_as_sentences() {
        let w = Words { lib: None };
        let r = Applies {
            all: vec![],
            any: vec![f("class:C"), f("class:D")],
            none: vec![f("ref:us"), f("ref:eu")],
        };
        assert_eq!(
            w.rule(&r, Lang::Ja),
            "クラスCまたはDで、米国・EUの承認を使う場合を除く"
        );
        assert_eq!(
            w.rule(&r, Lang::En),
            "Class C or D, unless you rely on a US or EU approval"
        );
        let s = Applies {
            all: vec![f("attr:sterile")],
            any: vec![],
            none: vec![],
        };
        assert_eq!(w.rule(&s, Lang::En), "Sterile device");
        assert_eq!(w.rule(&Applies::default(), Lang::Ja), "すべての機器");
        let rel = Applies {
            all: vec![],
            any: vec![f("ref:us"), f("ref:jp")],
            none: vec![],
        };
        assert_eq!(
            w.rule(&rel, Lang::En),
            "You rely on a US or Japanese approval"
        );
    }
}
