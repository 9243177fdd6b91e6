//! The `regnav` command line: parses arguments, calls the library, maps the
//! result to an exit code (0 success, 1 content errors, 2 usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regnav::cli::{self, DiagFormat, Outcome};
use regnav::content::ids::{Date, Kind, Lang};
use regnav::new::NewWhat;

#[derive(Parser)]
#[command(
    name = "regnav",
    version,
    about = "Medical-device market-entry rules → a searchable bilingual site and checklists"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the knowledge base and report every problem.
    Check {
        /// Knowledge-base root (default: current folder if it has regnav.yaml, else the built-in one).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: DiagFormat,
        /// Treat this date as today (YYYY-MM-DD), for reproducible staleness warnings.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Write a skeleton entry (`regnav new requirement th/listing`) or a translation
    /// (`regnav new --translation requirements/th/listing en`).
    New {
        /// jurisdiction, requirement, document, contact or guide.
        #[arg(value_parser = parse_kind, required_unless_present = "translation")]
        kind: Option<Kind>,
        /// The id, with or without the kind's folder (`th/listing`).
        #[arg(required_unless_present = "translation")]
        id: Option<String>,
        /// Write the translation skeleton of ID into LANG (records the original's hash).
        #[arg(long, num_args = 2, value_names = ["ID", "LANG"], conflicts_with_all = ["kind", "id"])]
        translation: Option<Vec<String>>,
        /// Knowledge-base root (default: current folder).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Build the static site (validates first; a failed build keeps the old site).
    Build {
        /// Knowledge-base root.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output folder (default: site/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL the site is published at (overrides regnav.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// No progress bar or summary.
        #[arg(long)]
        quiet: bool,
        /// Replace an --out folder that holds files regnav did not write
        /// (never one inside the knowledge base).
        #[arg(long)]
        force: bool,
    },
    /// Build the checklist for a device profile: `--to th,vn --class C [--ref us]`.
    Checklist {
        /// The profile and the language (the MCP `checklist` tool takes the same).
        #[command(flatten)]
        args: regnav::checklist::profile::ChecklistArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: regnav::checklist::export::Format,
        /// Write to FILE instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Knowledge-base root.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Classify a device with the IMDRF/GHTF rules and give its class in every
    /// market: `--rules general --answer invasive=non-invasive,...`.
    Classify {
        /// The rule set, answers and markets (the MCP `classify` tool takes the same).
        #[command(flatten)]
        args: regnav::classify::ClassifyArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: SearchFormat,
        /// Knowledge-base root.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Search the knowledge base (Japanese and English; typos and width variants are fine).
    Search {
        /// The search (the MCP `search` tool takes the same).
        #[command(flatten)]
        args: regnav::search::SearchArgs,
        /// Knowledge-base root.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: SearchFormat,
    },
    /// Serve the site with live reload while you edit (rebuilds on save, shows errors in the page).
    Serve {
        /// Knowledge-base root (default: current folder if it has regnav.yaml, else the built-in one).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = regnav::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// How long the files must be quiet before a rebuild, in milliseconds
        /// (errors are reported only after 150 ms more of quiet).
        #[arg(long, default_value_t = 5)]
        debounce: u64,
    },
    /// Print the JSON Schema of the front matter of every kind.
    Schema,
    /// Serve the knowledge base to AI assistants over MCP (stdio): search,
    /// entries, markets, the checklist planner and contacts, with citations.
    Mcp {
        /// Knowledge-base root.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Write a synthetic knowledge base of about N entries into DIR (for trying
    /// regnav at scale; the benchmarks use the same generator).
    #[command(hide = true)]
    Generate {
        /// Target folder (created).
        dir: PathBuf,
        /// Number of entries.
        #[arg(long, default_value_t = 1000)]
        entries: usize,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SearchFormat {
    Text,
    Json,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        format!(
            "expected one of {}",
            Kind::names().collect::<Vec<_>>().join(", ")
        )
    })
}

fn run(cli: Cli) -> Result<Outcome, regnav::Error> {
    match cli.command {
        Command::Check {
            root,
            format,
            today,
        } => cli::check(&cli::CheckOptions {
            root,
            format,
            today,
        }),
        Command::New {
            kind,
            id,
            translation,
            root,
        } => {
            let what = match (translation, kind, id) {
                (Some(t), _, _) => {
                    let lang = Lang::parse(&t[1]).ok_or_else(|| {
                        regnav::Error::Usage(format!("`{}` is not a site language (ja, en)", t[1]))
                    })?;
                    NewWhat::Translation {
                        id: t[0].clone(),
                        lang,
                    }
                }
                (None, Some(kind), Some(id)) => NewWhat::Entry { kind, id },
                _ => {
                    return Err(regnav::Error::Usage(
                        "give KIND and ID, or --translation ID LANG".into(),
                    ));
                }
            };
            cli::new(root, &what)
        }
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            quiet,
            force,
        } => cli::build(&cli::BuildCommand {
            force,
            root,
            out,
            base_url,
            drafts,
            quiet,
        }),
        Command::Checklist {
            args,
            format,
            out,
            root,
        } => cli::checklist(&cli::ChecklistCommand {
            root,
            lang: args.lang(),
            profile: args.profile,
            format,
            out,
        }),
        Command::Classify { args, format, root } => cli::classify(&cli::ClassifyCommand {
            root,
            args,
            json: format == SearchFormat::Json,
        }),
        Command::Search { args, root, format } => cli::search(&cli::SearchCommand {
            root,
            request: args.request(),
            json: format == SearchFormat::Json,
        }),
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
            debounce,
        } => regnav::serve::serve(regnav::serve::ServeOptions {
            root,
            bind,
            port,
            open,
            drafts,
            debounce_ms: debounce,
        })
        .map(|_| Outcome::Success),
        Command::Schema => cli::schema(),
        Command::Mcp { root } => {
            regnav::mcp::run(root.as_deref())?;
            Ok(Outcome::Success)
        }
        Command::Generate { dir, entries } => {
            std::fs::create_dir_all(&dir).map_err(|e| regnav::Error::Io(dir.clone(), e))?;
            regnav::synth::generate(&dir, entries)
                .map_err(|e| regnav::Error::Io(dir.clone(), e))?;
            Ok(Outcome::Success)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Err(e @ (regnav::Error::Usage(_) | regnav::Error::NoKnowledgeBase(_))) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
