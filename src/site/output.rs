//! Where a build may write, decided before anything is touched.
//!
//! A build swaps a complete site into `--out` and keeps the previous one in a
//! hidden work folder beside it (`.site.previous`), whose leftovers the next
//! build deletes. That is safe only for folders regnav made: so, like Zola,
//! regnav writes only into a folder that is absent, empty, or marked as its
//! own output by [`MARKER`]; it refuses the knowledge base itself, anything
//! above it or inside its `content/` and `templates/`, the current folder
//! and those above it, `/` and the home folder, and a folder holding files it
//! did not write (unless `--force`, and never inside the knowledge base).
//! Symlinks are resolved before deciding. Two builds into the same output
//! are serialised by an OS lock on a file beside it.

use std::fs::File;
use std::path::{Component, Path, PathBuf};

use crate::Error;

/// The file that marks a folder as regnav's output (written into every site).
pub const MARKER: &str = ".regnav-output";

/// The marker's text: says what the folder is, for whoever finds it.
pub const MARKER_TEXT: &str =
    "This folder is written by `regnav build`; each build replaces its contents.\n";

/// What a built site records about itself in its [`MARKER`], below the
/// text: where it is published and the version of its search index, so
/// that `regnav serve --production` serves it under the right path and
/// knows which search files may be cached for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// The base URL it was built for (ends in `/`).
    pub base_url: String,
    /// The version tag of its static search index (the `?v=` of its files).
    pub search_version: String,
}

impl SiteInfo {
    /// The marker file's text.
    pub fn marker(&self) -> String {
        format!(
            "{MARKER_TEXT}base_url: {}\nsearch_version: {}\n",
            self.base_url, self.search_version
        )
    }

    /// Reads the marker of a built site; `None` when `dir` holds no regnav
    /// site (or one written before the marker said more than its text).
    pub fn read(dir: &Path) -> Option<SiteInfo> {
        let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
                .map(str::to_string)
        };
        Some(SiteInfo {
            base_url: field("base_url")?,
            search_version: field("search_version")?,
        })
    }
}

/// Where `build` writes when no `--out` is given: `site/` in the knowledge
/// base, or in the current folder for the built-in one.
pub fn default_out(kb_root: Option<&Path>) -> PathBuf {
    match kb_root {
        Some(root) => root.join("site"),
        None => PathBuf::from("site"),
    }
}

/// What `--out` was checked against.
#[derive(Debug, Clone, Default)]
pub struct OutputRules {
    /// The knowledge-base root, if it is on disk.
    pub kb_root: Option<PathBuf>,
    /// Replace a non-empty folder regnav did not write (outside the knowledge base).
    pub force: bool,
}

/// A checked output folder, locked for this build until dropped.
#[derive(Debug)]
pub struct Output {
    /// The output folder, symlinks resolved.
    pub path: PathBuf,
    _lock: File,
}

/// Checks `out` against the rules and takes the build lock beside it.
pub fn prepare(out: &Path, rules: &OutputRules) -> Result<Output, Error> {
    let path = resolve(out)?;
    check(out, &path, rules)?;
    let parent = path.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    let lock_path = lock_path(&path);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::Io(lock_path.clone(), e))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another regnav build writing to {}…",
                path.display()
            );
            lock.lock().map_err(|e| Error::Io(lock_path.clone(), e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::Io(lock_path, e)),
    }
    // Checked again under the lock: the other build may have just made it.
    check(out, &path, rules)?;
    // Only under the lock: another build writes its site there, unmarked
    // until it is complete.
    let spare = super::spare(&path);
    if spare.exists() && !is_ours(&spare)? {
        return Err(Error::Usage(format!(
            "{} exists and was not written by regnav: regnav keeps the previous site there; move it away or choose another --out",
            spare.display()
        )));
    }
    Ok(Output { path, _lock: lock })
}

/// The lock file beside the output (`.site.lock`).
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.lock"))
}

/// `out` made absolute with symlinks resolved: each existing prefix is
/// canonicalised, the missing rest appended (with `.` and `..` applied).
fn resolve(out: &Path) -> Result<PathBuf, Error> {
    let abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::Io(PathBuf::from("."), e))?
            .join(out)
    };
    let mut path = PathBuf::from("/");
    for part in abs.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => path.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(name) => {
                path.push(name);
                if std::fs::symlink_metadata(&path).is_ok() {
                    path = path
                        .canonicalize()
                        .map_err(|e| Error::Io(path.clone(), e))?;
                }
            }
        }
    }
    Ok(path)
}

fn refuse(out: &Path, why: impl std::fmt::Display) -> Error {
    Error::Usage(format!("refusing --out {}: {why}", out.display()))
}

fn check(out: &Path, path: &Path, rules: &OutputRules) -> Result<(), Error> {
    if path.parent().is_none() {
        return Err(refuse(out, "it is the root of the file system"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && home.canonicalize().is_ok_and(|h| h == path)
    {
        return Err(refuse(out, "it is your home folder"));
    }
    if let Ok(cwd) = std::env::current_dir().and_then(|c| c.canonicalize())
        && cwd.starts_with(path)
    {
        return Err(refuse(
            out,
            "it is the current folder or a folder above it; give a folder of its own, such as `site`",
        ));
    }
    let root = rules.kb_root.as_ref().and_then(|r| r.canonicalize().ok());
    let inside_kb = root.as_ref().is_some_and(|r| path.starts_with(r));
    if let Some(root) = &root {
        if root.starts_with(path) {
            return Err(refuse(
                out,
                format!(
                    "it is the knowledge base ({}) or a folder above it",
                    root.display()
                ),
            ));
        }
        for sub in ["content", "templates"] {
            if path.starts_with(root.join(sub)) {
                return Err(refuse(
                    out,
                    format!("it lies inside the knowledge base's {sub}/ folder"),
                ));
            }
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
    };
    if !meta.is_dir() {
        return Err(refuse(out, "it is a file, not a folder"));
    }
    if is_ours(path)? {
        return Ok(());
    }
    if rules.force && !inside_kb {
        return Ok(());
    }
    let example = first_entry(path)?.unwrap_or_default();
    let hint = if inside_kb {
        "choose an empty or new folder (--force cannot replace a folder inside the knowledge base)"
    } else {
        "choose an empty or new folder, or pass --force to replace it (its files will be deleted)"
    };
    Err(refuse(
        out,
        format!("it holds files regnav did not write (such as `{example}`); {hint}"),
    ))
}

/// Whether a folder is empty or marked as regnav's output.
fn is_ours(dir: &Path) -> Result<bool, Error> {
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(first_entry(dir)?.is_none())
}

fn first_entry(dir: &Path) -> Result<Option<String>, Error> {
    let mut items = std::fs::read_dir(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
    Ok(items
        .next()
        .and_then(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_says_where_the_site_is_published() {
        let dir = tempfile::tempdir().expect("tmp");
        let info = SiteInfo {
            base_url: "https://example.org/regnav/".into(),
            search_version: "0123456789".into(),
        };
        std::fs::write(dir.path().join(MARKER), info.marker()).expect("write");
        assert_eq!(SiteInfo::read(dir.path()), Some(info));
        std::fs::write(dir.path().join(MARKER), MARKER_TEXT).expect("write");
        assert_eq!(SiteInfo::read(dir.path()), None);
    }

    #[test]
    fn resolves_missing_tails_and_dots() {
        let tmp = std::env::temp_dir().canonicalize().expect("tmp");
        assert_eq!(
            resolve(&tmp.join("no-such-x/y/../z")).expect("resolve"),
            tmp.join("no-such-x/z")
        );
    }
}
