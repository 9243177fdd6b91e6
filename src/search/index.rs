//! The embedded tantivy index: schema, building (in memory or on disk), and
//! incremental updates by entry id (the dev server's path).

use std::path::Path;

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::analyzer;
use super::document::SearchDoc;

/// A search index and its fields.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) f: Fields,
    /// The question analyser's lexicon; replaced whole when the content
    /// changes (the dev server), read by every search.
    lexicon: std::sync::RwLock<std::sync::Arc<crate::search::understand::Lexicon>>,
}

/// The fields of the schema.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) lang: Field,
    pub(crate) lang_no: Field,
    pub(crate) kind: Field,
    pub(crate) jurisdiction: Field,
    pub(crate) category: Field,
    pub(crate) class: Field,
    pub(crate) covers: Field,
    pub(crate) title: Field,
    pub(crate) aliases: Field,
    pub(crate) summary: Field,
    pub(crate) body: Field,
    pub(crate) url: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        lang: b.add_text_field("lang", STRING | STORED),
        // The language as a number, read while collecting hits (no stored
        // document is opened for a hit that is not shown).
        lang_no: b.add_u64_field(LANG_NO, FAST),
        kind: b.add_text_field("kind", STRING | STORED),
        jurisdiction: b.add_text_field("jurisdiction", STRING | STORED),
        category: b.add_text_field("category", STRING),
        class: b.add_text_field("class", STRING),
        covers: b.add_text_field("covers", STRING),
        title: b.add_text_field("title", text(true)),
        aliases: b.add_text_field("aliases", text(false)),
        summary: b.add_text_field("summary", text(true)),
        body: b.add_text_field("body", text(true)),
        url: b.add_text_field("url", STORED),
    };
    (b.build(), f)
}

/// Name of the fast field with the language's number ([`lang_no`]).
pub(crate) const LANG_NO: &str = "lang_no";
/// Name of the fast field with the entry id.
pub(crate) const ID: &str = "id";

/// The number of a language in the index.
pub(crate) fn lang_no(l: crate::content::ids::Lang) -> u64 {
    crate::content::ids::Lang::ALL
        .iter()
        .position(|x| *x == l)
        .unwrap_or(0) as u64
}

/// Search failures (I/O, a corrupt cache): callers rebuild or report.
pub type Result<T> = std::result::Result<T, tantivy::TantivyError>;

impl SearchIndex {
    /// A new index in memory holding `docs`.
    pub fn in_ram(docs: &[SearchDoc]) -> Result<SearchIndex> {
        let (schema, _) = schema();
        Self::fill(Index::create_in_ram(schema), docs)
    }

    /// A new index in `dir` (emptied first) holding `docs`.
    pub fn create_in_dir(dir: &Path, docs: &[SearchDoc]) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        let (schema, _) = schema();
        Self::fill(Index::create_in_dir(dir, schema)?, docs)
    }

    /// Opens an index written by [`SearchIndex::create_in_dir`].
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let index = Index::open_in_dir(dir)?;
        Self::wrap(index)
    }

    fn wrap(index: Index) -> Result<SearchIndex> {
        index
            .tokenizers()
            .register(analyzer::NAME, analyzer::analyzer());
        let (_, f) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            f,
            lexicon: Default::default(),
        })
    }

    fn fill(index: Index, docs: &[SearchDoc]) -> Result<SearchIndex> {
        let s = Self::wrap(index)?;
        let mut w: IndexWriter = s.index.writer_with_num_threads(1, 64_000_000)?;
        for d in docs {
            w.add_document(s.doc(d))?;
        }
        w.commit()?;
        // One segment: every query pays its fixed costs once per segment.
        let segments = s.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            w.merge(&segments).wait()?;
        }
        w.wait_merging_threads()?;
        s.reader.reload()?;
        Ok(s)
    }

    fn doc(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &d.id);
        doc.add_text(f.lang, d.lang.as_str());
        doc.add_u64(f.lang_no, lang_no(d.lang));
        doc.add_text(f.kind, d.kind);
        if let Some(j) = &d.jurisdiction {
            doc.add_text(f.jurisdiction, j);
        }
        if let Some(c) = d.category {
            doc.add_text(f.category, c);
        }
        for c in &d.covers {
            doc.add_text(f.covers, c);
        }
        for c in &d.classes {
            doc.add_text(f.class, c.to_lowercase());
        }
        doc.add_text(f.title, &d.title);
        doc.add_text(f.aliases, &d.aliases);
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.url, &d.url);
        doc
    }

    /// Replaces the documents of `ids` by `docs` (entries changed or deleted).
    pub fn update(&self, ids: &[String], docs: &[SearchDoc]) -> Result<()> {
        let mut w: IndexWriter = self.index.writer_with_num_threads(1, 32_000_000)?;
        for id in ids {
            w.delete_term(Term::from_field_text(self.f.id, id));
        }
        for d in docs {
            w.add_document(self.doc(d))?;
        }
        w.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The same index, reading questions with the lexicon of `lib`
    /// (markets, classes; without it only synonyms and words are known).
    pub fn with_lexicon(self, lib: &crate::content::Library) -> SearchIndex {
        self.set_lexicon(lib);
        self
    }

    /// Reads questions with the lexicon of `lib` from now on.
    pub fn set_lexicon(&self, lib: &crate::content::Library) {
        let lex = std::sync::Arc::new(crate::search::understand::Lexicon::new(lib));
        match self.lexicon.write() {
            Ok(mut slot) => *slot = lex,
            Err(poisoned) => *poisoned.into_inner() = lex,
        }
    }

    /// The lexicon questions are read with.
    pub fn lexicon(&self) -> std::sync::Arc<crate::search::understand::Lexicon> {
        match self.lexicon.read() {
            Ok(l) => l.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Number of documents (entries × languages).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
