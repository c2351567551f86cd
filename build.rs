//! Build script: with the `bert` feature, let binaries and tests find libtorch without
//! `LD_LIBRARY_PATH` by recording its directory as an rpath.

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if std::env::var_os("CARGO_FEATURE_BERT").is_none() {
        return;
    }
    match std::env::var_os("LIBTORCH") {
        Some(dir) => {
            let lib = std::path::Path::new(&dir).join("lib");
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
        }
        None => {
            println!("cargo:warning=LIBTORCH is not set: run scripts/libtorch.sh (or make setup)")
        }
    }
}
