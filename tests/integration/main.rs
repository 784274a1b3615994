//! The integration tests, in one binary: each module builds fixture sites
//! (`tests/fixtures/`) into temporary folders, or drives the real `dossier`
//! binary, and checks what they produce.

mod common;

mod build;
mod check;
mod cli;
mod connections;
mod corrections;
mod documents;
mod errors;
mod example;
mod feeds;
mod fuzz_inputs;
mod images;
mod incremental;
mod integrity;
mod languages;
mod mentions;
mod odd_input;
mod pages;
mod readme;
mod relations;
mod scaffold;
mod search;
mod serve;
mod shipping;
mod sources;
mod structured;
mod watch;
