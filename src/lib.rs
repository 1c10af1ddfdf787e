//! convene: a static site generator for educators' learning networks.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod events;
pub mod markdown;
pub mod slug;
pub mod yaml;
