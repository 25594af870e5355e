//! Integration tests: one binary, a module per feature (see STYLE.md).

mod cli;
mod eval;
mod robust;
mod seeds;
mod site;
mod support;
