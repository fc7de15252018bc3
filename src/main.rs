use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // Everything this process creates (the database's files, backups, logs it writes) is
    // the owner's only; the files that matter also ask for 0600 / 0700 themselves.
    // SAFETY: umask only sets this process's file-creation mask.
    unsafe { libc::umask(0o077) };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KUBE_LEDGER_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    kube_ledger::cli::run(kube_ledger::cli::Cli::parse()).await
}
