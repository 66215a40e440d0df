//! The `sdpcheck` binary: flags, I/O and exit codes over the library.
//!
//! Exit status (CONTRACT.md): 0 clean, 1 an `error` finding (or a warning
//! under `--deny-warnings`), 2 the run itself failed. A closed stdout
//! (`sdpcheck ... | head -1`) ends quietly with 0, as ripgrep does.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(status) => status.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            // The chain may quote a file name, an argument or config text:
            // one line, with every unsafe character made visible.
            let message = format!("{err:#}");
            let message = sdpcheck::render::visible(&message);
            let _ = std::io::Write::write_fmt(
                &mut stderr,
                format_args!("sdpcheck: error: {message}\n"),
            );
            ExitCode::from(2)
        }
    }
}

/// True if the error chain holds a broken pipe: the reader went away.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
