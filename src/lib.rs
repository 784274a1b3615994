//! `dossier` turns a folder of Markdown stories about an ongoing affair into a
//! static website with a page per story and per entity (person, organization,
//! place), indexes, a timeline, feeds and a sitemap.
//!
//! The build is a pipeline of plain stages, each a module with data in and
//! data out:
//!
//! [`load`] → [`parse`] → [`index`] → [`markdown`] → [`plan`] → [`render`] → [`write`]
//!
//! [`build::build`] runs them all.

pub mod autolink;
pub mod build;
pub mod chart;
pub mod check;
pub mod config;
pub mod connect;
pub mod date;
pub mod diagnostic;
pub mod digest;
pub mod error;
pub mod frontmatter;
pub mod index;
pub mod load;
pub mod markdown;
pub mod parse;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod similar;
pub mod slug;
pub mod watch;
pub mod write;

pub use build::{BuildOptions, BuildReport, build};
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
