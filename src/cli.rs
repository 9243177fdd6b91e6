//! The commands, as library functions: each takes its options struct and
//! returns an [`Outcome`] or an [`Error`]; `main` maps them to exit codes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::Error;
use crate::content::{LoadOptions, Loaded, load, load_owned};
use crate::diag::{self, Diagnostic};
use crate::kb::{KbFiles, Origin};

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything fine (exit 0).
    Success,
    /// The content has errors (exit 1).
    ContentErrors,
}

/// Output format of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagFormat {
    /// rustc-like, for people.
    Human,
    /// `{"errors":[…],"warnings":[…]}` on stdout.
    Json,
}

/// Options of `regnav check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Knowledge base root (`None`: current folder or the embedded one).
    pub root: Option<PathBuf>,
    /// Output format.
    pub format: DiagFormat,
    /// Override "today" (for reproducible staleness warnings).
    pub today: Option<crate::content::ids::Date>,
}

/// Loads the knowledge base the options point at, saying which one on stderr.
pub fn open(
    root: Option<&std::path::Path>,
    opts: LoadOptions,
    quiet: bool,
) -> Result<Loaded, Error> {
    let origin = Origin::resolve(root)?;
    if !quiet {
        eprintln!("{}", origin.describe());
    }
    let files = KbFiles::read(&origin)?;
    load_owned(files, opts, None)
}

/// Loads a knowledge base for a command that needs it valid: on any error
/// (in `regnav.yaml` or the content) the diagnostics are printed and the
/// command ends with [`Outcome::ContentErrors`].
fn load_valid(
    files: KbFiles,
    opts: LoadOptions,
    release: Option<&crate::content::Release>,
) -> Result<Result<Loaded, Outcome>, Error> {
    let loaded = match load_owned(files, opts, release) {
        Ok(l) => l,
        Err(Error::Config(d)) => {
            report(&[*d], DiagFormat::Human);
            return Ok(Err(Outcome::ContentErrors));
        }
        Err(e) => return Err(e),
    };
    let errors = loaded.errors();
    if errors.is_empty() {
        return Ok(Ok(loaded));
    }
    report(&errors, DiagFormat::Human);
    eprintln!("stopped: {} error(s) in the knowledge base", errors.len());
    Ok(Err(Outcome::ContentErrors))
}

/// `regnav check`: reports every problem of the knowledge base.
pub fn check(opts: &CheckOptions) -> Result<Outcome, Error> {
    let mut load_opts = LoadOptions::now();
    if let Some(t) = opts.today {
        load_opts.today = t;
    }
    let loaded = match open(
        opts.root.as_deref(),
        load_opts,
        opts.format == DiagFormat::Json,
    ) {
        Ok(l) => l,
        Err(Error::Config(d)) => {
            report(&[*d], opts.format);
            return Ok(Outcome::ContentErrors);
        }
        Err(e) => return Err(e),
    };
    report(&loaded.diagnostics, opts.format);
    if opts.format == DiagFormat::Human {
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = loaded.diagnostics.len() - errors;
        eprintln!(
            "{} entries checked: {errors} error(s), {warnings} warning(s)",
            loaded.library.entries.len()
        );
    }
    Ok(if loaded.has_errors() {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

/// Prints diagnostics: human ones on stderr, JSON on stdout.
pub fn report(diags: &[Diagnostic], format: DiagFormat) {
    match format {
        DiagFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!("{}", diag::render_human(diags, color));
        }
        DiagFormat::Json => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", diag::render_json(diags));
        }
    }
}

/// `regnav new`.
pub fn new(root: Option<PathBuf>, what: &crate::new::NewWhat) -> Result<Outcome, Error> {
    let root = match root {
        Some(r) => r,
        None => match Origin::resolve(None)? {
            Origin::Dir(d) => d,
            Origin::Embedded => return Err(Error::Usage(
                "no regnav.yaml here: run `regnav new` inside a knowledge base or give --root DIR"
                    .into(),
            )),
        },
    };
    let path = crate::new::create(&root, what, LoadOptions::now().today)?;
    println!("created {}", path.display());
    Ok(Outcome::Success)
}

/// `regnav schema`: prints the JSON Schema of the front matter.
pub fn schema() -> Result<Outcome, Error> {
    let text =
        serde_json::to_string_pretty(&crate::content::schema::json_schema()).unwrap_or_default();
    println!("{text}");
    Ok(Outcome::Success)
}

/// Options of `regnav build`.
#[derive(Debug, Clone)]
pub struct BuildCommand {
    /// Knowledge-base root.
    pub root: Option<PathBuf>,
    /// Output folder (default: `site/` under the root, or `./site` for the built-in knowledge base).
    pub out: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// No progress or summary.
    pub quiet: bool,
    /// Replace an output folder regnav did not write (outside the knowledge base).
    pub force: bool,
}

/// `regnav build`: validates, then writes the site atomically.
pub fn build(cmd: &BuildCommand) -> Result<Outcome, Error> {
    let mut opts = LoadOptions::now();
    opts.drafts = cmd.drafts;
    let origin = Origin::resolve(cmd.root.as_deref())?;
    if !cmd.quiet {
        eprintln!("{}", origin.describe());
    }
    let out = cmd
        .out
        .clone()
        .unwrap_or_else(|| crate::site::output::default_out(origin.dir()));
    // Checked before anything is read or written; held until the build ends.
    let output = crate::site::output::prepare(
        &out,
        &crate::site::output::OutputRules {
            kb_root: origin.dir().map(PathBuf::from),
            force: cmd.force,
        },
    )?;
    let out = output.path.clone();
    let started = std::time::Instant::now();
    // Each file is read as it is parsed, its bytes dropped after; its text
    // lives on in the library where it is needed, or (bodies beyond the
    // budget) is read again from the file when rendered and indexed.
    let files = KbFiles::list(&origin)?;
    let release = origin.dir().map(|root| crate::content::Release {
        root: root.to_path_buf(),
        held_bytes: crate::site::HELD_BODY_BYTES,
        // A library too large to hold its bodies is built in bounded memory;
        // a smaller one keeps freed pages a while, which is faster (at 10k
        // entries, 7% less CPU for 35 MB more).
        on_release: crate::purge_freed_memory_at_once,
    });
    let mut loaded = match load_valid(files, opts, release.as_ref())? {
        Ok(l) => l,
        Err(outcome) => {
            eprintln!("the previous site was left untouched");
            return Ok(outcome);
        }
    };
    // Checked: the front matter's text (kept to point diagnostics at it)
    // is not needed to render, and bodies beyond the budget are read again
    // from their files when rendered and indexed.
    loaded
        .library
        .release_texts(origin.dir(), crate::site::HELD_BODY_BYTES);
    if std::env::var_os("REGNAV_TIMINGS").is_some() {
        eprintln!(
            "timing: read and load {:?}{}",
            started.elapsed(),
            crate::rss_note()
        );
    }
    let site_opts = crate::site::BuildOptions {
        out: out.clone(),
        base_url: match &cmd.base_url {
            Some(b) if b.starts_with('/') && !b.starts_with("//") => Some(
                crate::config::checked_base_url(&format!("http://x{b}"))
                    .map(|u| u["http://x".len()..].to_string())
                    .map_err(|e| {
                        Error::Usage(format!("--base-url: {}", e.replace("http://x", "")))
                    })?,
            ),
            Some(b) => Some(
                crate::config::checked_base_url(b)
                    .map_err(|e| Error::Usage(format!("--base-url: {e}")))?,
            ),
            None => None,
        },
        root: origin.dir().map(PathBuf::from),
        today: opts.today,
        progress: !cmd.quiet,
    };
    match crate::site::build(&loaded.library, &site_opts) {
        Ok(r) => {
            if !cmd.quiet {
                eprintln!(
                    "built {} pages ({} files) in {} ms → {}",
                    r.pages,
                    r.files,
                    r.millis,
                    out.display()
                );
            }
            Ok(Outcome::Success)
        }
        Err(crate::site::BuildError::Templates(diags)) => {
            report(&diags, DiagFormat::Human);
            eprintln!("build stopped: template error; the previous site was left untouched");
            Ok(Outcome::ContentErrors)
        }
        Err(crate::site::BuildError::Changed(diags)) => {
            report(&diags, DiagFormat::Human);
            eprintln!("build stopped: the previous site was left untouched");
            Ok(Outcome::ContentErrors)
        }
        Err(crate::site::BuildError::Io(e)) => Err(e),
    }
}

/// Options of `regnav checklist`.
#[derive(Debug, Clone)]
pub struct ChecklistCommand {
    /// Knowledge-base root.
    pub root: Option<PathBuf>,
    /// The profile as typed.
    pub profile: crate::checklist::profile::ProfileInput,
    /// Language of titles.
    pub lang: crate::content::ids::Lang,
    /// Output format.
    pub format: crate::checklist::export::Format,
    /// Output file (default: stdout).
    pub out: Option<PathBuf>,
}

/// `regnav checklist`: the plan for a device profile.
pub fn checklist(cmd: &ChecklistCommand) -> Result<Outcome, Error> {
    let files = KbFiles::read(&Origin::resolve(cmd.root.as_deref())?)?;
    let loaded = match load_valid(files, LoadOptions::now(), None)? {
        Ok(l) => l,
        Err(outcome) => return Ok(outcome),
    };
    let profile = crate::checklist::Profile::parse(&loaded.library, &cmd.profile)?;
    let plan = crate::checklist::plan(&loaded.library, &profile, cmd.lang);
    let lib = &loaded.library;
    let info = crate::checklist::export::ExportInfo {
        generated: LoadOptions::now().today.to_string(),
        kb_reviewed: crate::checklist::data::latest_review(lib),
        base_url: lib.config.base_url.clone(),
    };
    let bytes = crate::checklist::export::render_with(&plan, cmd.format, &info)?;
    match &cmd.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| Error::Io(path.clone(), e))?,
        None => {
            if cmd.format == crate::checklist::export::Format::Xlsx
                && std::io::stdout().is_terminal()
            {
                return Err(Error::Usage("xlsx is binary: give --out FILE.xlsx".into()));
            }
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| Error::Io(PathBuf::from("<stdout>"), e))?;
        }
    }
    Ok(Outcome::Success)
}

/// Options of `regnav classify`.
#[derive(Debug, Clone)]
pub struct ClassifyCommand {
    /// Knowledge-base root.
    pub root: Option<PathBuf>,
    /// Rule set, answers, markets, language.
    pub args: crate::classify::ClassifyArgs,
    /// `json` for the machine shape.
    pub json: bool,
}

/// The classification assistant's answer for complete answers, or why the
/// answers are not enough (a usage error naming the next question).
pub fn classify_answer(
    lib: &crate::content::Library,
    args: &crate::classify::ClassifyArgs,
) -> Result<crate::classify::Outcome, Error> {
    let req = args.request(lib)?;
    let lang = args.lang();
    let walk = crate::classify::engine::walk(req.set, &req.answers);
    if let Some(next) = &walk.next {
        return Err(Error::Usage(crate::classify::input::missing(
            req.set, next, lang,
        )));
    }
    crate::classify::outcome(lib, req.entry, req.set, &req.answers, &req.to, lang).ok_or_else(|| {
        Error::Usage(format!(
            "no rule of `{}` fires for these answers (a content gap: `regnav check` reports it)",
            req.entry.id
        ))
    })
}

/// `regnav classify`: the class for the answers, and in every market.
pub fn classify(cmd: &ClassifyCommand) -> Result<Outcome, Error> {
    let files = KbFiles::read(&Origin::resolve(cmd.root.as_deref())?)?;
    let loaded = match load_valid(files, LoadOptions::now(), None)? {
        Ok(l) => l,
        Err(outcome) => return Ok(outcome),
    };
    let lib = &loaded.library;
    let answer = classify_answer(lib, &cmd.args)?;
    let text = if cmd.json {
        let mut t = serde_json::to_string_pretty(&answer).unwrap_or_default();
        t.push('\n');
        t
    } else {
        crate::classify::text::render(&answer, &lib.config.base_url)
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::Io(PathBuf::from("<stdout>"), e))?;
    Ok(Outcome::Success)
}

/// Options of `regnav search`.
#[derive(Debug, Clone)]
pub struct SearchCommand {
    /// Knowledge-base root.
    pub root: Option<PathBuf>,
    /// The search.
    pub request: crate::search::SearchRequest,
    /// `json` for the machine shape.
    pub json: bool,
}

/// `regnav search`: the embedded index, built on first use and cached.
pub fn search(cmd: &SearchCommand) -> Result<Outcome, Error> {
    let origin = Origin::resolve(cmd.root.as_deref())?;
    let files = KbFiles::read(&origin)?;
    let loaded = load(&files, LoadOptions::now())?;
    let index = crate::search::cache::open_or_build(&files, &loaded.library)
        .map_err(|e| Error::Usage(format!("search index: {e}")))?;
    let response = index.search(&cmd.request);
    let mut out = std::io::stdout().lock();
    if cmd.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string(&response).unwrap_or_default()
        );
    } else {
        for m in &response.analysis.not_covered {
            let _ = writeln!(
                out,
                "{} is not covered yet ({}はまだ収録されていません){}",
                m.en,
                m.ja,
                if response.hits.is_empty() {
                    ""
                } else {
                    "; related entries below"
                }
            );
        }
        for [typed, read] in &response.analysis.corrected {
            let _ = writeln!(out, "Searched “{typed}” as “{read}”");
        }
        if let Some(d) = &response.definition {
            let markets = if d.markets.is_empty() {
                String::new()
            } else {
                format!(" [{}]", d.markets.join(", "))
            };
            let _ = writeln!(
                out,
                "Definition: {}{markets}\n        {}\n        {}\n",
                d.title, d.definition, d.url
            );
        }
        if let Some(a) = &response.analysis.answer {
            let r = &a.route;
            let days = r
                .days
                .map(|[lo, hi]| {
                    if lo == hi {
                        format!(", about {lo} days")
                    } else {
                        format!(", {lo}–{hi} days")
                    }
                })
                .unwrap_or_default();
            let fees = if r.fees.is_empty() {
                String::new()
            } else {
                format!(", fees {}", r.fees.join(" / "))
            };
            // The card speaks the question's language, as the hits do.
            let lang = cmd
                .request
                .lang
                .unwrap_or_else(|| crate::search::query::query_lang(&cmd.request.query));
            let (route, lang) = match lang {
                crate::content::ids::Lang::Ja => (&r.ja, "ja"),
                crate::content::ids::Lang::En => (&r.en, "en"),
            };
            let _ = writeln!(
                out,
                "Answer: {} class {} → {route} ({}){days}{fees}\n        checklist: /{lang}/{}\n",
                a.market.to_uppercase(),
                a.class,
                r.requirement.as_deref().unwrap_or("-"),
                a.checklist
            );
        }
        let _ = writeln!(out, "{} result(s) for “{}”", response.total, response.query);
        if !response.suggestions.is_empty() {
            let _ = writeln!(out, "Try:");
            for s in &response.suggestions {
                let _ = writeln!(
                    out,
                    "  regnav search \"{}\"  ({} result(s))",
                    s.query, s.total
                );
            }
        }
        for h in &response.hits {
            let snippet = h
                .snippet
                .replace("<b>", "[")
                .replace("</b>", "]")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'");
            let _ = writeln!(
                out,
                "\n{:.2}  {}  ({})\n      {}\n      {}",
                h.score,
                h.title,
                h.id,
                h.url,
                snippet.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
    Ok(Outcome::Success)
}
