//! `dossier` turns a folder of Markdown stories about an ongoing affair into a
//! static website with a page per story and per entity (person, organization,
//! place), indexes, a timeline, feeds and a sitemap.
//!
//! The build is a pipeline of plain stages, each a module of [`pipeline`]
//! with data in and data out, in the order data flows:
//!
//! [`load`](pipeline::load) → [`parse`](pipeline::parse) →
//! [`index`](pipeline::index) → [`images`](pipeline::images) →
//! [`markdown`](pipeline::markdown) →
//! [`connect`](pipeline::connect) → [`plan`](pipeline::plan) →
//! [`render`](pipeline::render) → [`write`](mod@pipeline::write)
//!
//! Facts the stages share (the configuration, ids, URLs, dates, slugs and
//! digests) are in [`model`]. [`build()`] runs the stages, [`build_with`]
//! with a [`Cache`] of what a rebuild can reuse, as [`watch`] and [`serve`]
//! do; [`check`] runs them without writing and reviews the content;
//! [`scaffold`] starts sites and files. Errors in the user's files are
//! [`Diagnostic`]s with a file, line and column; everything else is an
//! [`Error`].

#![deny(missing_docs)]
#![deny(unreachable_pub)]

pub mod build;
pub mod check;
pub mod diagnostic;
pub mod error;
pub mod frontmatter;
pub mod model;
mod no_follow;
pub mod pipeline;
pub mod scaffold;
pub mod serve;
pub mod watch;

pub use build::{BuildOptions, BuildReport, Cache, Progress, build, build_with};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::Error;
pub use pipeline::load::read_config;

#[cfg(not(target_env = "msvc"))]
#[doc(hidden)]
pub use tikv_jemallocator;

/// Makes jemalloc, with dossier's options, the allocator of the program that
/// invokes it: the `dossier` binary, and the benchmarks, so that their times
/// compare. glibc's allocator grows each thread's heap a page or two at a
/// time, each time with an `mprotect` call that takes the address space's
/// lock, so the threads rendering pages wait on one another; a build is
/// faster with jemalloc. Freed pages go back to the system after 0.1 s
/// rather than jemalloc's 10 s: a build frees each page it renders, so this
/// lowers a build's peak memory without slowing it. (No-op on Windows' MSVC.)
#[macro_export]
macro_rules! use_jemalloc {
    () => {
        #[cfg(not(target_env = "msvc"))]
        #[global_allocator]
        static ALLOCATOR: $crate::tikv_jemallocator::Jemalloc = $crate::tikv_jemallocator::Jemalloc;

        /// jemalloc's options, read when it starts.
        #[cfg(not(target_env = "msvc"))]
        #[unsafe(export_name = "_rjem_malloc_conf")]
        static JEMALLOC_OPTIONS: Option<&std::ffi::c_char> = {
            const OPTIONS: &std::ffi::CStr = c"dirty_decay_ms:100";
            // SAFETY: a C string's first character, as jemalloc expects
            // `malloc_conf` to point at.
            Some(unsafe { &*OPTIONS.as_ptr() })
        };
    };
}
