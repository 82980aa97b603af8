//! The keeper's log: `tracing` events on stderr, as text lines for a terminal or
//! journald, or one JSON object per line for a log pipeline (`--log-format json`).
//! `RUST_LOG` filters them the usual way (default `info`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// `2026-12-04T20:50:01.123Z  INFO liquidated market=0 position=...`
    Text,
    /// `{"timestamp":...,"level":"INFO","message":"liquidated","market":0,...}`
    Json,
}

/// Installs the subscriber; an unreadable `RUST_LOG` is the caller's bad input.
pub fn init(format: LogFormat) -> Result<(), String> {
    let filter = match std::env::var(EnvFilter::DEFAULT_ENV) {
        Ok(directives) => EnvFilter::try_new(&directives)
            .map_err(|e| format!("{}={directives}: {e}", EnvFilter::DEFAULT_ENV))?,
        Err(_) => EnvFilter::new("info"),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let installed = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
        // Fields at the top level beside `message`, so `jq .market` works.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
    installed.map_err(|e| format!("cannot install the log subscriber: {e}"))
}
