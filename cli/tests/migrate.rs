//! `lever migrate`'s refusals before anything is sent: exit 2 for bad input (file,
//! URL, keypair), exit 1 for an unreachable cluster, each with a message on stderr and
//! nothing on stdout. (The plan and its execution are tested against the program in
//! `crates/lever-ops/tests/migrate.rs`.)

use std::path::PathBuf;

mod support;
use support::lever;

fn devnet_file() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations/devnet.json")
        .display()
        .to_string()
}

/// A fresh keypair in the Solana CLI's file format.
fn keypair_json() -> String {
    format!("{:?}", lever_harness::Keypair::new().to_bytes().to_vec())
}

fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lever-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn bad_input_exits_2_and_sends_nothing() {
    let keypair = scratch("admin.json", &keypair_json());
    let devnet = devnet_file();
    let broken_bound = scratch(
        "bound.json",
        &std::fs::read_to_string(&devnet)
            .unwrap()
            .replace("\"mmr_bps\": 500", "\"mmr_bps\": 1500"),
    );
    let cases: [(&[&str], &str); 7] = [
        (
            &["migrate", "/nonexistent/file.json"],
            "/nonexistent/file.json",
        ),
        (
            &["migrate", &broken_bound, "--keypair", &keypair],
            "MaintenanceMarginOutOfRange",
        ),
        (
            &[
                "migrate",
                &devnet,
                "--url",
                "mainnet",
                "--keypair",
                &keypair,
            ],
            "mainnet-beta",
        ),
        (
            &["migrate", &devnet, "--keypair", "/nonexistent/id.json"],
            "/nonexistent/id.json",
        ),
        (&["migrate", &devnet, "--keypair", &devnet], "JSON array"),
        (
            &[
                "migrate",
                &devnet,
                "--keypair",
                &keypair,
                "--min-priority-fee",
                "10",
                "--max-priority-fee",
                "5",
            ],
            "--min-priority-fee 10 is above --max-priority-fee 5",
        ),
        (
            &["migrate", &devnet, "--priority-fee-percentile", "101"],
            "101 is not in 0..=100",
        ),
    ];
    for (args, message) in cases {
        let (code, stdout, stderr) = lever(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
}

#[test]
fn an_unreachable_cluster_exits_1() {
    let keypair = scratch("admin2.json", &keypair_json());
    let (code, stdout, stderr) = lever(&[
        "migrate",
        &devnet_file(),
        "--url",
        "http://127.0.0.1:9",
        "--keypair",
        &keypair,
        "--timeout",
        "5",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cluster unavailable"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
}
