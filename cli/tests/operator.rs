//! The operator commands' refusals that need no cluster: bad input exits 2 with a
//! message and sends nothing; an unreachable cluster exits 1. (What they do against a
//! real validator: tests/localnet.rs.)

mod support;
use support::lever;

const SOL_USD: &str = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";

/// Nothing listens on port 1.
const UNREACHABLE: &str = "http://127.0.0.1:1";

#[track_caller]
fn assert_refused(args: &[&str], code: i32, message: &str) {
    let (exit, stdout, stderr) = lever(args);
    assert_eq!(exit, Some(code), "lever {args:?}: {stdout}{stderr}");
    assert!(stderr.contains(message), "lever {args:?}: {stderr}");
    assert!(stdout.is_empty(), "lever {args:?} printed {stdout}");
}

#[test]
fn price_set_refuses_bad_input_before_connecting() {
    fn set<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["price", "set", "--url", UNREACHABLE];
        args.extend_from_slice(extra);
        args
    }
    assert_refused(&set(&["--feed", "abc", "--price", "1"]), 2, "not a feed id");
    assert_refused(
        &set(&["--feed", SOL_USD, "--price", "1.5.0"]),
        2,
        "not a decimal",
    );
    assert_refused(
        &set(&["--feed", SOL_USD, "--price", "1.000000001"]),
        2,
        "more than 8 decimal places",
    );
    assert_refused(
        &set(&["--feed", SOL_USD, "--price", "1", "--conf", "-1"]),
        2,
        "--conf",
    );
    assert_refused(
        &set(&[
            "--feed",
            SOL_USD,
            "--price",
            "1",
            "--keypair",
            "/nonexistent/id.json",
        ]),
        2,
        "/nonexistent/id.json",
    );
    assert_refused(
        &[
            "price",
            "set",
            "--feed",
            SOL_USD,
            "--price",
            "1",
            "--url",
            "mainnet-beta",
        ],
        2,
        "public cluster",
    );
    assert_refused(
        &[
            "price", "set", "--feed", SOL_USD, "--price", "1", "--url", "nowhere",
        ],
        2,
        "--url",
    );
}

#[test]
fn read_commands_refuse_bad_urls_and_report_unreachable_clusters() {
    assert_refused(
        &["positions", "--market", "0", "--url", "nowhere"],
        2,
        "--url",
    );
    assert_refused(&["market", "show", "0", "--url", "ftp://x"], 2, "--url");
    assert_refused(
        &["snapshot", "--market", "0", "--url", "nowhere"],
        2,
        "--url",
    );
    assert_refused(
        &[
            "positions",
            "--market",
            "0",
            "--url",
            UNREACHABLE,
            "--timeout",
            "5",
        ],
        1,
        "unavailable",
    );
    assert_refused(
        &[
            "market",
            "show",
            "0",
            "--url",
            UNREACHABLE,
            "--timeout",
            "5",
        ],
        1,
        "unavailable",
    );
}

#[test]
fn localnet_refuses_a_missing_validator_or_demo_file() {
    assert_refused(
        &["localnet", "--validator-bin", "/nonexistent/lever-localnet"],
        2,
        "localnet/build.sh",
    );
    assert_refused(
        &[
            "localnet",
            "--demo",
            "--demo-file",
            "/nonexistent/localnet.json",
        ],
        2,
        "/nonexistent/localnet.json",
    );
}

#[test]
fn admin_refuses_bad_input_and_reports_unreachable_clusters() {
    assert_refused(
        &["admin", "pause", "opne", "--url", UNREACHABLE],
        2,
        "unknown operation \"opne\"",
    );
    assert_refused(
        &[
            "admin",
            "pause",
            "open",
            "--url",
            UNREACHABLE,
            "--keypair",
            "/nonexistent/id.json",
        ],
        2,
        "/nonexistent/id.json",
    );
    assert_refused(
        &[
            "admin",
            "update-params",
            "/nonexistent/devnet.json",
            "--market",
            "0",
        ],
        2,
        "/nonexistent/devnet.json",
    );
    let keypair = std::env::temp_dir().join(format!("lever-operator-{}.json", std::process::id()));
    let bytes: Vec<u8> = (0..32u8).chain(0..32u8).collect();
    // Not a valid keypair (the public half does not match): refused as bad input.
    std::fs::write(&keypair, format!("{bytes:?}")).unwrap();
    let path = keypair.display().to_string();
    assert_refused(
        &[
            "admin",
            "pause",
            "open",
            "--url",
            UNREACHABLE,
            "--keypair",
            &path,
        ],
        2,
        "not a 64-byte keypair",
    );
    // A valid keypair against a cluster that does not answer.
    let valid = lever_harness::Keypair::new().to_bytes().to_vec();
    std::fs::write(&keypair, format!("{valid:?}")).unwrap();
    assert_refused(
        &[
            "admin",
            "pause",
            "open",
            "--url",
            UNREACHABLE,
            "--keypair",
            &path,
            "--timeout",
            "5",
        ],
        1,
        "unavailable",
    );
    let _ = std::fs::remove_file(&keypair);
}

#[test]
fn deploy_refuses_a_missing_program_file() {
    assert_refused(
        &[
            "deploy",
            "--program",
            "/nonexistent/lever.so",
            "--url",
            UNREACHABLE,
        ],
        2,
        "/nonexistent/lever.so",
    );
}
