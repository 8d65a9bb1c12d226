//! The scenario format and its runner.

mod runner;

pub use runner::*;
