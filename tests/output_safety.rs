//! `regnav build --out`: nothing a user wrote is moved or deleted, two builds
//! never mix, and a failed write cleans up after itself (issue #14, items 1–3).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn regnav() -> Command {
    Command::new(env!("CARGO_BIN_EXE_regnav"))
}

fn build(root: &Path, out: &Path, cwd: &Path, extra: &[&str]) -> Output {
    regnav()
        .current_dir(cwd)
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn hidden_previous(out: &Path) -> PathBuf {
    out.with_file_name(format!(
        ".{}.previous",
        out.file_name().unwrap().to_string_lossy()
    ))
}

fn assert_refused(o: &Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{what}: {err}");
    assert!(err.contains("refusing --out"), "{what}: {err}");
}

#[test]
fn a_folder_with_the_users_files_is_refused_and_left_alone() {
    let kb = common::kb_with_overlay(None);
    let elsewhere = tempfile::tempdir().unwrap();
    let docs = elsewhere.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("notes.txt"), "mine").unwrap();
    for _ in 0..2 {
        let o = build(kb.path(), &docs, elsewhere.path(), &[]);
        assert_refused(&o, "docs with a user's file");
        assert!(String::from_utf8_lossy(&o.stderr).contains("notes.txt"));
    }
    assert_eq!(
        std::fs::read_to_string(docs.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!hidden_previous(&docs).exists());
    // --force replaces it outside the knowledge base…
    let o = build(kb.path(), &docs, elsewhere.path(), &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(docs.join("ja/index.html").is_file());
    // …and a folder regnav wrote is rebuilt without asking.
    let o = build(kb.path(), &docs, elsewhere.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_knowledge_base_and_what_is_around_it_are_refused() {
    let kb = common::kb_with_overlay(None);
    let root = kb.path();
    let cwd = tempfile::tempdir().unwrap();
    let entries_before = common::tree_files(&root.join("content"));
    let link = cwd.path().join("link-to-kb");
    std::os::unix::fs::symlink(root, &link).unwrap();
    let cases: Vec<(&str, PathBuf, &[&str])> = vec![
        ("content/", root.join("content"), &[]),
        (
            "inside content/",
            root.join("content/requirements/new"),
            &[],
        ),
        ("templates/", root.join("templates/out"), &[]),
        ("the root", root.to_path_buf(), &[]),
        ("the root, forced", root.to_path_buf(), &["--force"]),
        ("above the root", root.parent().unwrap().to_path_buf(), &[]),
        ("a symlink to the root", link.clone(), &[]),
        ("through a symlink into content/", link.join("content"), &[]),
        ("/", PathBuf::from("/"), &[]),
        (".", PathBuf::from("."), &[]),
        ("..", PathBuf::from(".."), &[]),
    ];
    for (what, out, extra) in cases {
        for _ in 0..2 {
            let o = build(root, &out, cwd.path(), extra);
            assert_refused(&o, what);
        }
    }
    // A user's folder inside the knowledge base: not even with --force.
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/mine.md"), "x").unwrap();
    let o = build(root, &root.join("docs"), cwd.path(), &["--force"]);
    assert_refused(&o, "a user's folder inside the knowledge base, forced");
    assert!(root.join("docs/mine.md").is_file());
    assert_eq!(common::tree_files(&root.join("content")), entries_before);
    assert!(!cwd.path().join(".site.previous").exists());
    // The default beside content/ is fine, twice.
    for _ in 0..2 {
        let o = build(root, &root.join("site"), cwd.path(), &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn a_regular_file_is_refused_and_kept() {
    let kb = common::kb_with_overlay(None);
    let cwd = tempfile::tempdir().unwrap();
    let file = cwd.path().join("out.html");
    std::fs::write(&file, "<p>mine</p>").unwrap();
    let o = build(kb.path(), &file, cwd.path(), &[]);
    assert_refused(&o, "a file");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "<p>mine</p>");
    assert!(!hidden_previous(&file).exists());
}

#[test]
fn a_second_build_waits_for_the_lock() {
    let kb = common::kb_with_overlay(None);
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("site");
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(cwd.path().join(".site.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = regnav()
        .current_dir(cwd.path())
        .args(["build", "--quiet", "--root"])
        .arg(kb.path())
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build went on while another held the lock"
    );
    assert!(!out.exists());
    lock.unlock().unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("waiting for another regnav build"));
    assert!(out.join("ja/index.html").is_file());
}

#[test]
fn concurrent_builds_publish_a_whole_site() {
    let kb = common::kb_with_overlay(None);
    let cwd = tempfile::tempdir().unwrap();
    let (_keep, reference) = common::build_site(kb.path(), None);
    let expected: Vec<String> = common::tree_files(&reference)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let out = cwd.path().join("site");
    for _ in 0..4 {
        let spawn = || {
            regnav()
                .current_dir(cwd.path())
                .args(["build", "--quiet", "--root"])
                .arg(kb.path())
                .arg("--out")
                .arg(&out)
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn(), spawn());
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        let got: Vec<String> = common::tree_files(&out)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(got, expected);
    }
}

#[test]
fn a_failed_write_removes_its_work_folder() {
    let kb = common::kb_with_overlay(None);
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("site");
    let o = build(kb.path(), &out, cwd.path(), &[]);
    assert!(o.status.success());
    let before = common::tree_files(&out);
    // Files larger than 8 blocks cannot be written: a stand-in for a full disk.
    let script = format!(
        "trap '' XFSZ; ulimit -f 8; exec '{}' build --quiet --root '{}' --out '{}'",
        env!("CARGO_BIN_EXE_regnav"),
        kb.path().display(),
        out.display()
    );
    // A different page so that files must be written.
    std::fs::write(
        kb.path().join("content/guides/big.md"),
        format!(
            "---\ntitle: {{ja: 大きい, en: Big}}\nsummary: {{ja: 大, en: Big}}\nlast_reviewed: 2026-11-20\n---\n{}\n",
            "word ".repeat(20_000)
        ),
    )
    .unwrap();
    let o = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(cwd.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("removed its work folder"), "{err}");
    assert!(
        !hidden_previous(&out).exists(),
        "the work folder was left behind"
    );
    assert_eq!(
        common::tree_files(&out),
        before,
        "the published site changed"
    );
    // And the next build, with room, works.
    let o = build(kb.path(), &out, cwd.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_users_folder_where_the_previous_site_is_kept_is_refused_and_left_alone() {
    let kb = common::kb_with_overlay(None);
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("site");
    let spare = cwd.path().join(".site.previous");
    std::fs::create_dir_all(&spare).unwrap();
    std::fs::write(spare.join("notes.txt"), "mine").unwrap();
    let o = build(kb.path(), &out, cwd.path(), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("was not written by regnav"), "{err}");
    assert_eq!(
        std::fs::read_to_string(spare.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out.exists());
}
