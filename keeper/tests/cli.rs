//! `lever-keeper`'s start-up refusals: bad settings exit 2 with a message naming the
//! problem, before any RPC is tried. The URL is unreachable on purpose: a bad setting
//! that slipped through would fail later on "market 0" instead, and the assertion on
//! the reason catches that.

use std::process::Command;

fn keeper(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lever-keeper"))
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("LEVER_LOG_FORMAT")
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .envs(env.iter().copied())
        .output()
        .expect("run lever-keeper");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A fresh keypair file (the keypair is read before the fee policy is checked).
fn keypair_file() -> String {
    let path = std::env::temp_dir().join(format!("lever-keeper-cli-{}.json", std::process::id()));
    let bytes = solana_keypair::Keypair::new().to_bytes();
    std::fs::write(&path, serde_json::to_string(&bytes.to_vec()).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn bad_settings_exit_2_with_the_reason() {
    let keypair: &'static str = Box::leak(keypair_file().into_boxed_str());
    let base = [
        "--market",
        "0",
        "--url",
        "http://127.0.0.1:9",
        "--once",
        "--keypair",
        keypair,
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    // (arguments, environment, what stderr must say)
    type Case = (
        Vec<&'static str>,
        Vec<(&'static str, &'static str)>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            with(&["--min-priority-fee", "10", "--max-priority-fee", "9"]),
            vec![],
            "--min-priority-fee 10 is above --max-priority-fee 9",
        ),
        (
            with(&["--priority-fee-percentile", "101"]),
            vec![],
            "101 is not in 0..=100",
        ),
        (
            with(&["--log-format", "xml"]),
            vec![],
            "invalid value 'xml'",
        ),
        (
            with(&[]),
            vec![("LEVER_LOG_FORMAT", "yaml")],
            "invalid value 'yaml'",
        ),
        (with(&[]), vec![("RUST_LOG", "lever=[")], "RUST_LOG=lever=["),
        (with(&["--batch-size", "25"]), vec![], "25 is not in 1..=24"),
        (
            with(&["--min-reward", "plenty"]),
            vec![],
            "plenty: `fee` or a number of collateral atoms",
        ),
        (
            with(&[]),
            vec![("LEVER_MIN_REWARD", "-1")],
            "-1: `fee` or a number of collateral atoms",
        ),
        (
            with(&["--sol-oracle", "not-an-address"]),
            vec![],
            "invalid value 'not-an-address' for '--sol-oracle",
        ),
        (
            with(&["--max-in-flight", "0"]),
            vec![],
            "0 is not in 1..=32",
        ),
        (with(&["--resync-secs", "0"]), vec![], "0 is not in 1.."),
        (
            with(&["--commitment", "finalized"]),
            vec![],
            "finalized: `confirmed` or `processed`",
        ),
        (with(&["--interval-ms", "0"]), vec![], "0 is not in 10.."),
        (
            with(&["--ws-url", "http://127.0.0.1:9"]),
            vec![],
            "--ws-url http://127.0.0.1:9: not a ws:// or wss:// URL",
        ),
        (
            vec!["--market", "0", "--keypair", "/nonexistent/id.json"],
            vec![],
            "/nonexistent/id.json",
        ),
        (
            vec!["--url", "http://127.0.0.1:9"],
            vec![],
            "--market <MARKETS>",
        ),
    ];
    for (args, env, reason) in cases {
        let (code, stdout, stderr) = keeper(&args, &env);
        assert_eq!(code, Some(2), "{args:?} {env:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?} {env:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
    let _ = std::fs::remove_file(keypair);
}

/// Every flag is documented in `--help`, with its environment variable where it has
/// one.
#[test]
fn help_documents_every_flag() {
    let (code, help, _) = keeper(&["--help"], &[]);
    assert_eq!(code, Some(0));
    for flag in [
        "--market",
        "--min-reward",
        "--sol-oracle",
        "--batch-size",
        "--claim-payouts",
        "--dry-run",
        "--once",
        "--metrics-addr",
        "--interval-ms",
        "--log-format",
        "--resync-secs",
        "--ws-url",
        "--no-subscribe",
        "--commitment",
        "--max-in-flight",
        "--url",
        "--keypair",
        "--config",
        "--priority-fee-percentile",
        "--min-priority-fee",
        "--max-priority-fee",
        "--timeout",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    for env in [
        "LEVER_MARKETS",
        "LEVER_LOG_FORMAT",
        "LEVER_MIN_REWARD",
        "LEVER_SOL_ORACLE",
        "LEVER_COMMITMENT",
        "LEVER_WS_URL",
        "LEVER_RESYNC_SECS",
        "LEVER_NO_SUBSCRIBE",
        "LEVER_MAX_IN_FLIGHT",
        "LEVER_PRIORITY_FEE_PERCENTILE",
        "LEVER_MIN_PRIORITY_FEE",
        "LEVER_MAX_PRIORITY_FEE",
        "LEVER_RPC_URL",
        "LEVER_KEYPAIR",
    ] {
        assert!(help.contains(env), "{env} missing from --help");
    }
}
