//! regnav compiles a knowledge base of medical-device market-entry rules
//! (YAML front matter + Markdown) into a bilingual static site, a search
//! index and a checklist builder.
//!
//! Data flows one way: `config` and `diag` know nothing of the rest;
//! `content` loads and validates; `cli` runs the commands.

// Diagnostics are ~140 bytes and only built on the error path; boxing them
// everywhere would cost more clarity than it saves.
#![allow(clippy::result_large_err)]

// Building a site allocates many small strings and JSON values from several
// threads; glibc's allocator spent a quarter of a 10k-entry build in malloc
// and free (measured with perf). Every binary linking regnav uses mimalloc.
#[cfg(not(feature = "heap-stats"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// `--features heap-stats`: the same allocator, counting the bytes live now
// and at most, so `REGNAV_TIMINGS` can tell what a phase holds from what the
// allocator keeps (RSS). Off by default: two atomic operations per call.
#[cfg(feature = "heap-stats")]
#[global_allocator]
static ALLOCATOR: heap_stats::Counting = heap_stats::Counting;

#[cfg(feature = "heap-stats")]
mod heap_stats {
    use std::alloc::{GlobalAlloc, Layout};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub(super) static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub(super) static PEAK: AtomicUsize = AtomicUsize::new(0);

    pub(super) struct Counting;

    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }

    // SAFETY: every call is forwarded to mimalloc unchanged.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            grew(layout.size());
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            grew(layout.size());
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }

    /// ` heap 12 MB, peak 34 MB`.
    pub(super) fn note() -> String {
        let mb = |a: &AtomicUsize| a.load(Ordering::Relaxed) >> 20;
        format!(", heap {} MB, heap peak {} MB", mb(&LIVE), mb(&PEAK))
    }
}

/// Returns freed pages to the system at once rather than after mimalloc's
/// default 10 ms delay: a build frees large phases (the views, one
/// language's postings) just before the next allocates as much, and the
/// delay kept both resident (~40 MB of peak RSS at 100k entries). It costs
/// CPU (pages given back are faulted in again), so `build` asks for it only
/// for a library too large to hold its bodies, when the first is released.
pub fn purge_freed_memory_at_once() {
    // `mi_option_purge_delay` in mimalloc's v2 and v3 headers; the Rust
    // bindings do not name it.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one process-wide integer option, which mimalloc reads on
    // each purge; any value is valid (0: purge at once).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

pub mod checklist;
pub mod classify;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod kb;
pub mod mcp;
pub mod new;
pub mod search;
pub mod serve;
pub mod site;
#[doc(hidden)]
pub mod synth;

use std::path::PathBuf;

/// ` (RSS 123 MB)`: the resident memory of this process now, for the
/// `REGNAV_TIMINGS` lines (empty where `/proc` does not say), so a build's
/// memory can be placed by phase.
#[doc(hidden)]
pub fn rss_note() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let mb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (mb("VmRSS:"), mb("VmHWM:")) {
        (Some(now), Some(peak)) => {
            #[cfg(feature = "heap-stats")]
            let heap = heap_stats::note();
            #[cfg(not(feature = "heap-stats"))]
            let heap = "";
            format!(" (RSS {now} MB, peak so far {peak} MB{heap})")
        }
        _ => String::new(),
    }
}

/// Errors that stop a command (content problems are diagnostics, not these).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, #[source] std::io::Error),
    /// `regnav.yaml` is unusable.
    #[error("{}", .0.message)]
    Config(Box<diag::Diagnostic>),
    /// `--root` does not hold a knowledge base.
    #[error("{} is not a knowledge base: it has no regnav.yaml", .0.display())]
    NoKnowledgeBase(PathBuf),
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
}
