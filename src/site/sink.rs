//! Where a render's files go: a folder ([`DiskSink`], `build`) or memory
//! ([`MemorySink`], the dev server). A folder is written in place of the
//! site before last: a file whose bytes are already there is left alone,
//! and what a render did not write is pruned; an empty folder (a first
//! build) skips both.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{BuildError, io};
use crate::Error;

/// Where rendered files go: a folder (`build`) or memory (`serve`).
pub trait Sink: Sync {
    /// Stores a file at a site path (`ja/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError>;
    /// Stores a file made of these pieces, one after the other (the open
    /// data: memory keeps the pieces, shared with the render cache).
    fn put_parts(&self, path: &str, parts: Vec<Arc<str>>) -> Result<(), BuildError> {
        let joined: String = parts.iter().map(|p| &**p).collect();
        self.put(path, joined.as_bytes())
    }
    /// Stores a file made of pieces that `next` hands over a batch at a
    /// time (`None` at the end): a folder writes them as they come, so the
    /// file (the open data, 518 MB at 100k entries) is never whole in memory.
    fn put_stream(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Option<Vec<Arc<str>>>,
    ) -> Result<(), BuildError> {
        let mut parts = Vec::new();
        while let Some(batch) = next() {
            parts.extend(batch);
        }
        self.put_parts(path, parts)
    }
    /// A file stored earlier in this render.
    fn get(&self, path: &str) -> Option<Vec<u8>>;
}

/// Files in a folder. A file whose bytes are already there is not
/// rewritten; [`DiskSink::prune`] removes what this render did not write.
pub struct DiskSink {
    /// The folder.
    pub root: PathBuf,
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    bytes: std::sync::atomic::AtomicU64,
    /// The folder was empty: no file to compare with, nothing to prune, so
    /// neither is looked for (a first build writes tens of thousands).
    fresh: bool,
}

impl DiskSink {
    /// A sink into `root`, which may hold an older site to update.
    pub fn reusing(root: PathBuf) -> DiskSink {
        let fresh = std::fs::read_dir(&root).is_ok_and(|mut d| d.next().is_none());
        DiskSink {
            root,
            written: std::sync::Mutex::new(std::collections::HashSet::new()),
            bytes: std::sync::atomic::AtomicU64::new(0),
            fresh,
        }
    }

    /// Notes that this render wrote `path` (what [`DiskSink::prune`] keeps).
    fn wrote(&self, path: &str) {
        if self.fresh {
            return;
        }
        if let Ok(mut w) = self.written.lock() {
            w.insert(path.to_string());
        }
    }

    /// Bytes written so far (files left as they were not counted).
    pub fn bytes_written(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Removes every file and folder under the root that this render did not write.
    pub fn prune(&self) -> Result<(), BuildError> {
        if self.fresh {
            return Ok(());
        }
        let written = self
            .written
            .lock()
            .map_err(|_| BuildError::Io(Error::Usage("a rendering thread failed".to_string())))?;
        for item in walkdir::WalkDir::new(&self.root)
            .min_depth(1)
            .contents_first(true)
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(rel) = item.path().strip_prefix(&self.root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if item.file_type().is_dir() {
                // Fails, as it should, unless the folder is empty.
                let _ = std::fs::remove_dir(item.path());
            } else if !written.contains(&rel) {
                std::fs::remove_file(item.path()).map_err(io(item.path()))?;
            }
        }
        Ok(())
    }
}

impl Sink for DiskSink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let full = self.root.join(path);
        self.wrote(path);
        let same = !self.fresh
            && std::fs::metadata(&full).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&full).is_ok_and(|old| old == bytes);
        if same {
            return Ok(());
        }
        self.bytes
            .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        match write(&full, bytes) {
            Ok(()) => Ok(()),
            Err(_) => {
                // An older site may have a folder where this file goes, or a
                // file where its folder goes: clear the way and try again.
                if full.is_dir() {
                    std::fs::remove_dir_all(&full).map_err(io(&full))?;
                }
                for a in full.ancestors().skip(1) {
                    if a == self.root {
                        break;
                    }
                    if a.is_file() {
                        std::fs::remove_file(a).map_err(io(a))?;
                    }
                }
                write(&full, bytes)
            }
        }
    }
    fn put_parts(&self, path: &str, parts: Vec<Arc<str>>) -> Result<(), BuildError> {
        // Written piece by piece: the open data is hundreds of megabytes at
        // 100k entries, and joining it (or reading the old file whole to
        // compare) would hold it twice more.
        let full = self.root.join(path);
        let len: u64 = parts.iter().map(|p| p.len() as u64).sum();
        let same = !self.fresh
            && std::fs::metadata(&full).is_ok_and(|m| m.is_file() && m.len() == len)
            && same_parts(&full, &parts).unwrap_or(false);
        if same {
            self.wrote(path);
            return Ok(());
        }
        if !full.is_dir() && write_parts(&full, &parts).is_ok() {
            self.wrote(path);
            self.bytes
                .fetch_add(len, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        // A folder or file in the way: the general path clears it.
        let joined: String = parts.iter().map(|p| &**p).collect();
        self.put(path, joined.as_bytes())
    }
    fn put_stream(
        &self,
        path: &str,
        next: &mut dyn FnMut() -> Option<Vec<Arc<str>>>,
    ) -> Result<(), BuildError> {
        // Written beside the file as it comes, compared with the file on the
        // way; the old file is kept (not rewritten) when they are the same.
        let full = self.root.join(path);
        if full.is_dir() {
            std::fs::remove_dir_all(&full).map_err(io(&full))?;
        }
        let part = full.with_file_name(format!(
            ".{}.part",
            full.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        ));
        let (len, same) = stream_parts(&full, &part, next).map_err(io(&part))?;
        if same {
            std::fs::remove_file(&part).map_err(io(&part))?;
        } else {
            std::fs::rename(&part, &full).map_err(io(&full))?;
            self.bytes
                .fetch_add(len, std::sync::atomic::Ordering::Relaxed);
        }
        self.wrote(path);
        Ok(())
    }
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.join(path)).ok()
    }
}

/// Writes the pieces `next` hands over into `part`, comparing them with the
/// file at `old` (if any) on the way; returns the length written and
/// whether `old` holds exactly the same bytes.
fn stream_parts(
    old: &Path,
    part: &Path,
    next: &mut dyn FnMut() -> Option<Vec<Arc<str>>>,
) -> std::io::Result<(u64, bool)> {
    use std::io::{Read, Write};
    if let Some(parent) = part.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut reader = std::fs::File::open(old)
        .ok()
        .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
        .map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(part)?);
    let mut len = 0u64;
    let mut buf = Vec::new();
    while let Some(batch) = next() {
        for p in &batch {
            out.write_all(p.as_bytes())?;
            len += p.len() as u64;
            if let Some(r) = reader.as_mut() {
                buf.resize(p.len(), 0);
                if r.read_exact(&mut buf).is_err() || buf != p.as_bytes() {
                    reader = None;
                }
            }
        }
    }
    out.flush()?;
    let same = match reader.as_mut() {
        Some(r) => r.read(&mut [0u8; 1])? == 0,
        None => false,
    };
    Ok((len, same))
}

/// Whether the file at `path` holds exactly `parts`, read a piece at a time.
fn same_parts(path: &Path, parts: &[Arc<str>]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let mut buf = Vec::new();
    for p in parts {
        buf.resize(p.len(), 0);
        file.read_exact(&mut buf)?;
        if buf != p.as_bytes() {
            return Ok(false);
        }
    }
    Ok(file.read(&mut [0u8; 1])? == 0)
}

/// Writes `parts` one after the other into a file, creating its folder.
fn write_parts(path: &Path, parts: &[Arc<str>]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    for p in parts {
        out.write_all(p.as_bytes())?;
    }
    out.flush()
}

/// A file kept in memory: its bytes, or the pieces it is made of.
#[derive(Debug, Clone)]
pub enum Blob {
    /// The bytes.
    Bytes(Arc<Vec<u8>>),
    /// The pieces, in order.
    Parts(Arc<Vec<Arc<str>>>),
}

impl Blob {
    /// The whole file.
    pub fn to_vec(&self) -> Vec<u8> {
        match self {
            Blob::Bytes(b) => b.to_vec(),
            Blob::Parts(p) => p.iter().flat_map(|s| s.as_bytes()).copied().collect(),
        }
    }
}

/// Files in memory, by site path.
#[derive(Default)]
pub struct MemorySink {
    /// The files.
    pub files: std::sync::Mutex<std::collections::BTreeMap<String, Blob>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string(), Blob::Bytes(Arc::new(bytes.to_vec())));
        }
        Ok(())
    }
    fn put_parts(&self, path: &str, parts: Vec<Arc<str>>) -> Result<(), BuildError> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(path.to_string(), Blob::Parts(Arc::new(parts)));
        }
        Ok(())
    }
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files
            .lock()
            .ok()
            .and_then(|f| f.get(path).map(Blob::to_vec))
    }
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(path, bytes).map_err(io(path))
        }
        other => other.map_err(io(path)),
    }
}
