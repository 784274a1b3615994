//! The build's stages, in the order data flows through them:
//!
//! [`load`] → [`parse`] → [`index`] → [`images`] → [`markdown`] → [`connect`] → [`plan`] → [`render`] → [`write`](mod@write)

pub mod connect;
pub mod images;
pub mod index;
pub mod load;
pub mod markdown;
pub mod parse;
pub mod plan;
pub mod render;
pub mod write;
