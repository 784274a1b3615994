//! The facts every stage shares: the site's configuration, ids, URLs,
//! dates, slugs and digests.

pub mod config;
pub mod date;
pub mod digest;
pub mod escape;
pub mod ids;
pub mod slug;
pub mod url;
