//! One search document per entry and language, built here and used by both
//! engines (tantivy and the static index), so they search the same text.

use crate::content::Library;
use crate::content::ids::{Category, ClassName, DeviceType, Fact, GhtfClass, Kind, Lang};
use crate::content::model::Entry;

/// The class label marking a requirement for IVDs only: a question about a
/// class that does not say IVD ranks such routes after the general ones.
pub const IVD_ONLY: &str = "ivd-only";

/// What is searched for one entry in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// Entry id.
    pub id: String,
    /// Language.
    pub lang: Lang,
    /// `requirement`, `jurisdiction` …
    pub kind: &'static str,
    /// Jurisdiction or country code.
    pub jurisdiction: Option<String>,
    /// Requirement category.
    pub category: Option<&'static str>,
    /// Countries a contact serves (its `covers`).
    pub covers: Vec<String>,
    /// Local classes the entry is about (and their GHTF equivalents).
    pub classes: Vec<String>,
    /// Title in this language.
    pub title: String,
    /// Names to find it by: the market's aliases, keywords, the regulator,
    /// class labels ("クラスB", "Class B").
    pub aliases: String,
    /// Summary.
    pub summary: String,
    /// Body as plain text (falling back to the other language's body).
    pub body: String,
    /// Page URL (relative to the site root, e.g. `/ja/requirements/th/x/`).
    pub url: String,
}

/// The search documents of every entry in every language.
pub fn documents(lib: &Library) -> Vec<SearchDoc> {
    use rayon::prelude::*;
    let entries: Vec<&Entry> = lib.entries.values().collect();
    entries
        .par_iter()
        .flat_map_iter(|e| {
            lib.config
                .languages
                .iter()
                .map(|&lang| document(lib, e, lang))
        })
        .collect()
}

/// The search document of one entry in one language.
pub fn document(lib: &Library, e: &Entry, lang: Lang) -> SearchDoc {
    let jurisdiction = e.jurisdiction_code().cloned();
    let mut aliases: Vec<String> = e.keywords.clone();
    aliases.push(e.id.to_string());
    let jur = match e.kind {
        Kind::Jurisdiction => Some(e),
        _ => jurisdiction.as_ref().and_then(|c| lib.jurisdiction(c)),
    };
    if let Some(je) = jur
        && let Some(j) = je.jurisdiction()
    {
        aliases.extend(j.aliases.iter().cloned());
        aliases.extend(je.title.0.values().cloned());
        aliases.extend(j.regulator.name.0.values().cloned());
        aliases.extend(j.regulator.acronym.iter().cloned());
    }
    if let Some(c) = e.contact() {
        aliases.extend(c.organisation.0.values().cloned());
        aliases.push(contact_words(c.contact_type).to_string());
        // Every contact is a contact point: "タイ JETRO 連絡先" asks for
        // one, not for a page that mentions a 窓口.
        aliases.push(CONTACT_POINT.to_string());
    }
    // A term is found by any of its forms, in either language's document.
    if let Some(t) = e.term() {
        aliases.extend(t.forms.iter().cloned());
        aliases.extend(e.title.0.values().cloned());
    }
    // A classification rule set (GHTF, IVD, SaMD) is about classification.
    let category = e
        .requirement()
        .map(|r| search_category(r.category, jur, e))
        .or_else(|| e.classification().map(|_| Category::Classification));
    let mut classes = Vec::new();
    if let (Some(r), Some(j)) = (e.requirement(), jur.and_then(Entry::jurisdiction)) {
        for f in r.applies.all.iter().chain(&r.applies.any) {
            if let Fact::Class(c) = f {
                classes.push(c.0.clone());
                aliases.push(format!("クラス{c} Class {c}"));
                for g in GhtfClass::ALL {
                    if j.class_map.get(g) == Some(c) || j.ivd_class_map.get(g) == Some(c) {
                        aliases.push(format!("クラス{g} Class {g}"));
                        if !classes.contains(&g.as_str().to_string()) {
                            classes.push(g.as_str().to_string());
                        }
                    }
                }
            }
        }
    }
    // A route serving every class ("sanitary registration") is about each of
    // them: "Chile class C registration" finds it before a class C-only page
    // on another topic.
    if let (Some(r), Some(j)) = (e.requirement(), jur.and_then(Entry::jurisdiction))
        && classes.is_empty()
        && matches!(category, Some(Category::Registration | Category::Reliance))
    {
        let ivd_only = r.applies.all.contains(&Fact::Type(DeviceType::Ivd));
        let general_only = r.applies.all.contains(&Fact::Type(DeviceType::General));
        let excluded = |c: &ClassName| r.applies.none.contains(&Fact::Class(c.clone()));
        for g in GhtfClass::ALL {
            let locals = [
                (!ivd_only).then(|| j.map_class(*g, false)).flatten(),
                (!general_only).then(|| j.map_class(*g, true)).flatten(),
            ];
            for c in locals.into_iter().flatten().filter(|c| !excluded(c)) {
                for label in [c.0.as_str(), g.as_str()] {
                    if !classes.iter().any(|x| x == label) {
                        classes.push(label.to_string());
                    }
                }
            }
        }
    }
    if !classes.is_empty()
        && e.requirement()
            .is_some_and(|r| r.applies.all.contains(&Fact::Type(DeviceType::Ivd)))
    {
        classes.push(IVD_ONLY.to_string());
    }
    if let Some(c) = category {
        aliases.push(category_words(c).to_string());
    }
    let body = e
        .body(lang)
        .map(|(b, _)| crate::site::markdown::plain_text(&b.text()))
        .unwrap_or_default();
    SearchDoc {
        id: e.id.to_string(),
        lang,
        kind: e.kind.as_str(),
        jurisdiction: jurisdiction.map(|c| c.to_string()),
        category: category.map(Category::as_str),
        covers: e
            .contact()
            .map(|c| c.covers.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default(),
        classes,
        title: e.title.or_any(lang).to_string(),
        aliases: aliases.join(" · "),
        summary: e.summary.or_any(lang).to_string(),
        body,
        url: format!("/{lang}/{}/", e.id),
    }
}

/// The category a requirement is searched under: an import licence that is
/// its market's route to market for some classes (India's MD-15, Myanmar's
/// import licence) is how that market registers a device, so "インド 登録"
/// and "India class C registration" find it as a registration.
fn search_category(c: Category, jur: Option<&Entry>, e: &Entry) -> Category {
    let is_route = || {
        jur.and_then(Entry::jurisdiction).is_some_and(|j| {
            j.routes
                .iter()
                .any(|r| r.requirement.as_ref() == Some(&e.id))
        })
    };
    if c == Category::ImportLicence && is_route() {
        Category::Registration
    } else {
        c
    }
}

/// What any contact is (a phrase of the contact-point synonym group).
const CONTACT_POINT: &str = "contact point 連絡先";

/// What a contact is, in the words a question asks for it ("ベトナム 規制当局",
/// "JETRO Bangkok", "Thailand chamber of commerce").
fn contact_words(t: crate::content::ids::ContactType) -> &'static str {
    use crate::content::ids::ContactType::*;
    match t {
        EmbassyBusinessDesk => "embassy business support desk 大使館 日本企業支援窓口",
        // Their keywords name them already; more would rank each officer
        // above MOFA's page listing them all.
        CrossBorderEconomicOfficer => "",
        JetroOffice => "JETRO ジェトロ 日本貿易振興機構",
        Regulator => "regulator regulatory authority 規制当局 当局",
        IndustryAssociation => "industry association chamber of commerce 業界団体 商工会議所",
        Other => "",
    }
}

/// Words people use for a category, in both languages, so "タイ 登録" finds
/// a registration step whose text says 届出 or "notification".
fn category_words(c: crate::content::ids::Category) -> &'static str {
    use crate::content::ids::Category::*;
    match c {
        Classification => "classification 分類 クラス分類",
        Registration => "registration 登録 承認 申請 approval",
        Reliance => "reliance abridged 簡略審査 リライアンス 登録 registration",
        QualitySystem => "quality system QMS 品質 ISO 13485",
        LocalRepresentative => "local representative 現地代理人 licence holder",
        ImportLicence => "import licence 輸入 業許可 establishment",
        Labelling => "labelling label 表示 ラベル 言語",
        ClinicalEvidence => "clinical evidence 臨床 評価",
        Fees => "fees timeline 手数料 費用 期間",
        PostMarket => "post-market vigilance 市販後 安全管理 不具合",
        Udi => "UDI 機器固有識別",
        SoftwareAiCybersecurity => {
            "software AI cybersecurity ソフトウェア プログラム サイバーセキュリティ"
        }
        Reimbursement => "reimbursement 保険償還 保険",
        Procurement => "procurement tender 公共調達 入札",
        DistributionMaintenance => "distribution maintenance 流通 保守",
        Renewal => "renewal validity 更新 有効期間",
        Advertising => "advertising 広告",
        RadiationRadio => "radiation X-ray radio wireless 放射線 エックス線 無線 電波",
        HealthData => "health data personal data privacy 個人情報 医療データ 患者データ",
        Other => "",
    }
}
