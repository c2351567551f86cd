//! The `vibrief` binary: a thin shell over [`vibrief::cli`].

fn main() -> std::process::ExitCode {
    vibrief::cli::main()
}
