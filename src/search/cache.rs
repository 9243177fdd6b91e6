//! The on-disk cache of the tantivy index for `regnav search`: built on first
//! use under the knowledge base (`.regnav/search/`; the system temp folder for
//! the built-in one), rebuilt when the content, the config or regnav changes.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::SearchIndex;
use super::document::documents;
use crate::content::Library;
use crate::kb::{KbFiles, Origin};

/// A fingerprint of everything the index depends on.
pub fn stamp(files: &KbFiles) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(include_str!("synonyms.yaml").as_bytes());
    h.update(include_str!("analyzer.rs").as_bytes());
    h.update(include_str!("document.rs").as_bytes());
    h.update(include_str!("index.rs").as_bytes());
    h.update(files.config.as_bytes());
    for f in &files.files {
        h.update(f.rel.as_bytes());
        h.update((f.bytes.len() as u64).to_le_bytes());
        h.update(&f.bytes);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn dir(origin: &Origin, stamp: &str) -> PathBuf {
    match origin.dir() {
        Some(root) => root.join(".regnav").join("search"),
        None => std::env::temp_dir().join(format!("regnav-search-{stamp}")),
    }
}

/// Opens the cached index if it matches the content, else builds it (into a
/// temporary folder, swapped in when complete). Falls back to memory when
/// the folder cannot be written.
pub fn open_or_build(files: &KbFiles, lib: &Library) -> super::index::Result<SearchIndex> {
    let stamp = stamp(files);
    let dir = dir(&files.origin, &stamp);
    let stamp_file = dir.join("stamp");
    if std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str())
        && let Ok(index) = SearchIndex::open(&dir.join("index"))
    {
        return Ok(index.with_lexicon(lib));
    }
    let docs = documents(lib);
    let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
    let built = SearchIndex::create_in_dir(&tmp.join("index"), &docs).and_then(|_| {
        std::fs::write(tmp.join("stamp"), &stamp)
            .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        }
        std::fs::rename(&tmp, &dir)
            .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        SearchIndex::open(&dir.join("index"))
    });
    match built {
        Ok(index) => Ok(index.with_lexicon(lib)),
        Err(_) => {
            let _ = std::fs::remove_dir_all(&tmp);
            SearchIndex::in_ram(&docs).map(|i| i.with_lexicon(lib))
        }
    }
}
