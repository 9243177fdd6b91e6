//! Where a knowledge base comes from: a folder on disk, or the repo's own
//! knowledge base compiled into the binary (so an installed `regnav` works
//! from any folder). Both are read into the same list of files, so the loader
//! does not care which.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::diag::Diagnostic;

static EMBEDDED_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EMBEDDED_CONFIG: &str = include_str!("../regnav.yaml");

/// Which knowledge base is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A folder with `regnav.yaml` and `content/`.
    Dir(PathBuf),
    /// The knowledge base compiled into this binary.
    Embedded,
}

impl Origin {
    /// Chooses the knowledge base: `--root`, else the current folder if it
    /// holds `regnav.yaml`, else the embedded one.
    pub fn resolve(root: Option<&Path>) -> Result<Origin, crate::Error> {
        match root {
            Some(r) => {
                if !r.join(CONFIG_FILE).is_file() {
                    return Err(crate::Error::NoKnowledgeBase(r.to_path_buf()));
                }
                // Absolute and without symlinks, once, for every command: the
                // watcher reports absolute paths, and `--out` is compared with it.
                let abs = r
                    .canonicalize()
                    .map_err(|e| crate::Error::Io(r.to_path_buf(), e))?;
                Ok(Origin::Dir(abs))
            }
            None => {
                let cwd =
                    std::env::current_dir().map_err(|e| crate::Error::Io(PathBuf::from("."), e))?;
                if cwd.join(CONFIG_FILE).is_file() {
                    let abs = cwd.canonicalize().unwrap_or(cwd);
                    Ok(Origin::Dir(abs))
                } else {
                    Ok(Origin::Embedded)
                }
            }
        }
    }

    /// A sentence saying which knowledge base this is.
    pub fn describe(&self) -> String {
        match self {
            Origin::Dir(p) => format!("knowledge base: {}", p.display()),
            Origin::Embedded => "knowledge base: the one built into regnav (no regnav.yaml here; use --root DIR for another)".to_string(),
        }
    }

    /// The root folder on disk, if any.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Origin::Dir(p) => Some(p),
            Origin::Embedded => None,
        }
    }
}

/// One file of `content/`.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A knowledge base read into memory.
#[derive(Debug, Clone)]
pub struct KbFiles {
    /// Where it came from.
    pub origin: Origin,
    /// `regnav.yaml`.
    pub config: String,
    /// Every `.md` file under `content/`, sorted by path.
    pub files: Vec<RawFile>,
    /// Files that could not be read.
    pub unreadable: Vec<Diagnostic>,
    /// The files are only listed, their bytes left on disk
    /// ([`KbFiles::list`]): `load_owned` reads each as it parses it.
    pub deferred: bool,
}

/// Whether a file under `content/` is an entry (not an editor's temp file).
pub fn is_entry_file(name: &str) -> bool {
    name.ends_with(".md")
        && !name.starts_with('.')
        && !name.starts_with('#')
        && !name.ends_with('~')
}

impl KbFiles {
    /// Reads a knowledge base.
    pub fn read(origin: &Origin) -> Result<KbFiles, crate::Error> {
        match origin {
            Origin::Dir(root) => Self::walk(root, true),
            Origin::Embedded => Ok(Self::embedded()),
        }
    }

    /// [`KbFiles::read`], but a folder's files are only listed: their bytes
    /// are read by the load that parses them ([`read_content_file`]), so a
    /// build does not hold the whole knowledge base's bytes at once.
    pub fn list(origin: &Origin) -> Result<KbFiles, crate::Error> {
        match origin {
            Origin::Dir(root) => Self::walk(root, false),
            Origin::Embedded => Ok(Self::embedded()),
        }
    }

    fn walk(root: &Path, read: bool) -> Result<KbFiles, crate::Error> {
        let config_path = root.join(CONFIG_FILE);
        let config =
            std::fs::read(&config_path).map_err(|e| crate::Error::Io(config_path.clone(), e))?;
        let config = String::from_utf8(config).map_err(|_| {
            crate::Error::Config(Box::new(Diagnostic::error(
                CONFIG_FILE,
                1,
                1,
                "not-utf8",
                "regnav.yaml is not valid UTF-8",
            )))
        })?;
        let content = root.join("content");
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        if content.is_dir() {
            // The files to read, or what is wrong, in the walk's order; then
            // read in parallel (at 100k entries, one thread waits on the
            // kernel for seconds).
            let mut found: Vec<Result<(String, PathBuf), Diagnostic>> = Vec::new();
            for item in walkdir::WalkDir::new(&content)
                .sort_by_file_name()
                .follow_links(false)
            {
                let item = match item {
                    Ok(i) => i,
                    Err(e) => {
                        let path = e.path().map(|p| rel_path(&content, p)).unwrap_or_default();
                        found.push(Err(Diagnostic::error(
                            &format!("content/{path}"),
                            1,
                            1,
                            "io",
                            format!("cannot read: {e}"),
                        )));
                        continue;
                    }
                };
                let rel = rel_path(&content, item.path());
                match admit(&content, item.path(), &rel) {
                    Admit::Read => found.push(Ok((rel, item.into_path()))),
                    Admit::Skip => {}
                    Admit::Warn(d) => found.push(Err(d)),
                }
            }
            let read_all: Vec<Result<RawFile, Diagnostic>> = found
                .into_par_iter()
                .map(|f| {
                    let (rel, path) = f?;
                    let bytes = if read {
                        read_capped(&path).map_err(|d| d.in_file(&format!("content/{rel}")))?
                    } else {
                        Vec::new()
                    };
                    Ok(RawFile { rel, bytes })
                })
                .collect();
            for f in read_all {
                match f {
                    Ok(f) => files.push(f),
                    Err(d) => unreadable.push(d),
                }
            }
        } else {
            // A folder renamed away or a checkout in progress: an error, so
            // that `serve` keeps the last good site rather than an empty one.
            unreadable.push(Diagnostic::error(
                "content",
                1,
                1,
                "no-content",
                "there is no content/ folder: the entries of a knowledge base live in content/",
            ));
        }
        Ok(KbFiles {
            origin: Origin::Dir(root.to_path_buf()),
            config,
            files,
            unreadable,
            deferred: !read,
        })
    }

    fn embedded() -> KbFiles {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED_CONTENT, &mut files);
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        KbFiles {
            origin: Origin::Embedded,
            config: EMBEDDED_CONFIG.to_string(),
            files,
            unreadable: Vec::new(),
            deferred: false,
        }
    }
}

impl KbFiles {
    /// Re-reads the given paths (absolute, under the root) after a change:
    /// changed files are replaced, deleted ones dropped, new ones added, and
    /// their paths (relative to `content/`) returned. Anything else (a folder
    /// appearing or vanishing) re-reads everything and returns `None`.
    pub fn refresh(&mut self, paths: &[PathBuf]) -> Result<Option<Vec<String>>, crate::Error> {
        let Origin::Dir(root) = self.origin.clone() else {
            return Ok(Some(Vec::new()));
        };
        let content = root.join("content");
        let per_file = paths.len() <= 256
            && paths.iter().all(|p| {
                p.starts_with(&content) && !p.is_dir() && p.extension().is_some_and(|e| e == "md")
            });
        if !per_file {
            *self = Self::walk(&root, true)?;
            return Ok(None);
        }
        let mut rels = Vec::new();
        for p in paths {
            let rel = rel_path(&content, p);
            rels.push(rel.clone());
            let name = rel.rsplit('/').next().unwrap_or_default().to_string();
            self.files.retain(|f| f.rel != rel);
            self.unreadable
                .retain(|d| d.file != format!("content/{rel}"));
            if !is_entry_file(&name) {
                continue;
            }
            match admit(&content, p, &rel) {
                Admit::Read => match read_capped(p) {
                    Ok(bytes) => self.files.push(RawFile { rel, bytes }),
                    Err(d) => self.unreadable.push(d.in_file(&format!("content/{rel}"))),
                },
                Admit::Skip => {}
                Admit::Warn(d) => self.unreadable.push(d),
            }
        }
        self.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(Some(rels))
    }

    /// Re-reads `regnav.yaml`.
    pub fn refresh_config(&mut self) -> Result<(), crate::Error> {
        if let Origin::Dir(root) = &self.origin {
            let path = root.join(CONFIG_FILE);
            self.config = std::fs::read_to_string(&path).map_err(|e| crate::Error::Io(path, e))?;
        }
        Ok(())
    }
}

/// What to do with a path under `content/`: one rule for `build`, `check`
/// and `serve` (which hears of files as they appear).
enum Admit {
    /// A regular `.md` file inside `content/`: read it.
    Read,
    /// Not an entry (an editor's temp file, an image, a folder): nothing to say.
    Skip,
    /// Looks like an entry but is not read: a symlink, a FIFO or device, a
    /// folder named `x.md`, or a path that leads outside `content/`.
    Warn(Diagnostic),
}

fn admit(content: &Path, p: &Path, rel: &str) -> Admit {
    let Ok(meta) = std::fs::symlink_metadata(p) else {
        return Admit::Skip; // gone already: a deletion
    };
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let warn = |what: &str| {
        Admit::Warn(Diagnostic::warning(
            &format!("content/{rel}"),
            1,
            1,
            "not-a-file",
            format!("skipped: {what}; entries must be regular files inside content/"),
        ))
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        return warn("a symbolic link is not followed");
    }
    if ft.is_dir() {
        return if name.ends_with(".md") && !name.starts_with('.') {
            warn("a folder named like an entry")
        } else {
            Admit::Skip
        };
    }
    if !ft.is_file() {
        return if name.starts_with('.') {
            Admit::Skip
        } else {
            warn("not a regular file (a pipe, socket or device)")
        };
    }
    if !is_entry_file(&name) {
        return Admit::Skip;
    }
    // A folder on the way that is a symlink (the watcher may report paths through it).
    let inside = p
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .zip(content.canonicalize().ok())
        .is_some_and(|(d, c)| d.starts_with(c));
    if !inside {
        return warn("its folder leads outside content/ through a symbolic link");
    }
    Admit::Read
}

/// The bytes of `content/<rel>` under `root`, as [`KbFiles::read`] reads
/// them (an error names the file).
pub fn read_content_file(root: &Path, rel: &str) -> Result<Vec<u8>, Diagnostic> {
    read_capped(&root.join("content").join(rel)).map_err(|d| d.in_file(&format!("content/{rel}")))
}

/// Files larger than this are not read at all (the configurable entry limit,
/// 1 MiB by default, is checked on what is read).
const READ_CAP: u64 = 64 << 20;

fn read_capped(p: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    // Out of file descriptors (the dev server under load) is the machine's
    // trouble, not the file's: wait a little and try again before saying so.
    let mut tries = 0;
    let file = loop {
        match std::fs::File::open(p) {
            Ok(f) => break f,
            Err(e) if matches!(e.raw_os_error(), Some(23 | 24)) && tries < 40 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    "",
                    1,
                    1,
                    "io",
                    format!("cannot read: {e}"),
                ));
            }
        }
    };
    // The size known, the buffer is allocated once rather than grown.
    let size = file.metadata().map_or(0, |m| m.len()).min(READ_CAP) as usize;
    let mut bytes = Vec::with_capacity(size + 1);
    file.take(READ_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error("", 1, 1, "io", format!("cannot read: {e}")))?;
    if bytes.len() as u64 > READ_CAP {
        return Err(Diagnostic::error(
            "",
            1,
            1,
            "file-too-large",
            format!(
                "the file is larger than {} MB and was not read",
                READ_CAP >> 20
            ),
        ));
    }
    Ok(bytes)
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<RawFile>) {
    for f in dir.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        let name = rel.rsplit('/').next().unwrap_or_default();
        if is_entry_file(name) {
            out.push(RawFile {
                rel,
                bytes: f.contents().to_vec(),
            });
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

fn rel_path(base: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(base).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
