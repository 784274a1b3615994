//! Rebuilds the binary when the default theme changes: the theme is embedded
//! with `include_dir!`, which Cargo cannot see into.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
