//! The checked-in scenarios against their expected results (golden files), run through
//! the `lever` binary as a user runs it. Regenerate after an intended change with
//! `LEVER_UPDATE_GOLDEN=1 cargo test -p lever-cli --test scenarios` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
        })
        .collect();
    files.sort();
    files
}

fn run(file: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .args(["scenario", "run"])
        .arg(file)
        .output()
        .expect("run lever");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_scenario_matches_its_expected_result() {
    let files = scenario_files();
    assert!(
        files.len() >= 15,
        "at least 15 scenarios, found {}",
        files.len()
    );
    let update = std::env::var_os("LEVER_UPDATE_GOLDEN").is_some();
    let started = Instant::now();
    let mut mismatches = Vec::new();
    for file in &files {
        let (code, stdout, stderr) = run(file);
        assert_eq!(code, 0, "{}: {stderr}", file.display());
        let result: serde_json::Value = serde_json::from_str(&stdout).expect("result is JSON");
        let market = &result["final"]["market"];
        let buckets = ["pool", "insurance", "fees", "collateral"]
            .iter()
            .map(|k| market[k].as_u64().unwrap_or(0))
            .sum::<u64>();
        // Tokens donated to the vault stay outside the buckets until swept: a file
        // with a `donate` step may end with a surplus, any other holds exactly them.
        let vault = market["vault"].as_u64().unwrap_or(0);
        let donates = std::fs::read_to_string(file)
            .expect("read scenario")
            .contains("\"donate\"");
        if donates {
            assert!(vault >= buckets, "{}: vault < buckets", file.display());
        } else {
            assert_eq!(vault, buckets, "{}: vault != buckets", file.display());
        }
        let expected_path = file.with_extension("expected.json");
        if update {
            std::fs::write(&expected_path, &stdout).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != stdout {
            mismatches.push(file.display().to_string());
        }
    }
    println!(
        "{} scenarios played in {:.2?}",
        files.len(),
        started.elapsed()
    );
    assert!(
        mismatches.is_empty(),
        "results differ from the expected files: {mismatches:?}\nregenerate with LEVER_UPDATE_GOLDEN=1 if the change is intended"
    );
}

#[test]
fn a_run_is_byte_for_byte_deterministic() {
    let file = scenarios_dir().join("08_bad_debt_covered_by_insurance.json");
    let (_, first, _) = run(&file);
    let (_, second, _) = run(&file);
    assert!(!first.is_empty());
    assert_eq!(first, second);
}

/// Writes `content` to a temp file and runs it; the run must be refused as malformed.
fn refused(name: &str, content: &str) -> String {
    let path = std::env::temp_dir().join(format!(
        "lever-malformed-{}-{name}.json",
        std::process::id()
    ));
    std::fs::write(&path, content).expect("write temp");
    let (code, stdout, stderr) = run(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        code, 2,
        "{name}: expected exit 2, got {code}; stderr: {stderr}"
    );
    assert!(stdout.is_empty(), "{name}: nothing on stdout, got {stdout}");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    stderr
}

#[test]
fn malformed_files_exit_2_with_a_message_that_says_where_and_what() {
    let ok_step = r#"{"op": "set_price", "price": 15000000000}"#;
    let cases: &[(&str, String, &[&str])] = &[
        ("bad_json", "{\"steps\": [".to_string(), &["not valid JSON", "line 1"]),
        ("not_an_object", "[1, 2]".to_string(), &["JSON object"]),
        ("missing_steps", r#"{"market": {}}"#.to_string(), &["missing field `steps`"]),
        ("unknown_top_field", format!(r#"{{"steps": [{ok_step}], "extra": 1}}"#), &["unknown field `extra`"]),
        ("unknown_market_field", r#"{"market": {"imr": 1000}, "steps": []}"#.to_string(), &["unknown field `imr`"]),
        ("unknown_op", r#"{"steps": [{"op": "teleport"}]}"#.to_string(), &["steps[0]", "unknown op \"teleport\""]),
        ("missing_op", r#"{"steps": [{"who": "a"}]}"#.to_string(), &["steps[0]", "missing field `op`"]),
        ("unknown_step_field", r#"{"steps": [{"op": "mint", "who": "a", "amount": 1, "memo": "x"}]}"#.to_string(), &["steps[0] (mint)", "unknown field `memo`"]),
        ("missing_step_field", r#"{"steps": [{"op": "open", "who": "a", "id": "p", "side": "long", "collateral": 1}]}"#.to_string(), &["steps[0] (open)", "missing field `size`"]),
        ("negative_amount", r#"{"steps": [{"op": "mint", "who": "a", "amount": -5}]}"#.to_string(), &["steps[0] (mint)", "-5"]),
        ("bad_side", r#"{"steps": [{"op": "open", "who": "a", "id": "p", "side": "up", "collateral": 1, "size": 1}]}"#.to_string(), &["steps[0] (open)", "up"]),
        ("negative_age", r#"{"steps": [{"op": "set_price", "price": 15000000000, "age": -15}]}"#.to_string(), &["steps[0] (set_price)", "age must be a non-negative integer"]),
        ("fractional_age", r#"{"steps": [{"op": "set_price", "price": 15000000000, "age": 1.5}]}"#.to_string(), &["steps[0] (set_price)", "age must be a non-negative integer"]),
        ("bad_shares", r#"{"steps": [{"op": "lp_withdraw", "who": "a", "shares": "half"}]}"#.to_string(), &["steps[0] (lp_withdraw)", "half"]),
        ("unknown_position", format!(r#"{{"steps": [{ok_step}, {{"op": "close", "id": "ghost"}}]}}"#), &["steps[1] (close)", "unknown position id \"ghost\""]),
        ("position_of_another", r#"{"steps": [{"op": "open", "who": "a", "id": "p", "side": "long", "collateral": 1, "size": 1}, {"op": "open", "who": "b", "id": "p", "side": "long", "collateral": 1, "size": 1}]}"#.to_string(), &["steps[1] (open)", "belongs to \"a\""]),
        ("params_out_of_bounds", r#"{"market": {"imr_bps": 400, "mmr_bps": 500}, "steps": []}"#.to_string(), &["market", "MaintenanceMarginOutOfRange"]),
        ("bad_oracle", r#"{"market": {"oracle": "chainlink"}, "steps": []}"#.to_string(), &["chainlink"]),
    ];
    for (name, content, expected) in cases {
        let stderr = refused(name, content);
        for part in *expected {
            assert!(
                stderr.contains(part),
                "{name}: stderr should mention {part:?}: {stderr}"
            );
        }
    }
}

#[test]
fn a_missing_file_exits_2() {
    let (code, stdout, stderr) = run(Path::new("/nonexistent/scenario.json"));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn refused_steps_are_reported_and_the_run_goes_on() {
    let content = r#"{"steps": [
        {"op": "mint", "who": "alice", "amount": 1000000000},
        {"op": "open", "who": "alice", "id": "a1", "side": "long", "collateral": 100000000, "size": 1000000000},
        {"op": "set_price", "price": 15000000000},
        {"op": "mint", "who": "lp", "amount": 100000000000},
        {"op": "lp_deposit", "who": "lp", "amount": 100000000000},
        {"op": "open", "who": "alice", "id": "a1", "side": "long", "collateral": 2000000000, "size": 1000000000},
        {"op": "open", "who": "alice", "id": "a1", "side": "long", "collateral": 100000000, "size": 1000000000},
        {"op": "close", "id": "a1"}
    ]}"#;
    let path = std::env::temp_dir().join(format!("lever-goes-on-{}.json", std::process::id()));
    std::fs::write(&path, content).expect("write");
    let (code, stdout, stderr) = run(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{stderr}");
    let result: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let steps = result["steps"].as_array().expect("steps");
    // Before any set_price the feed is stale; more collateral than the wallet holds is
    // the token program's refusal; the rest succeeds.
    assert_eq!(steps[1]["error"], "OracleStale");
    assert_eq!(steps[5]["error"], "InsufficientFunds");
    assert_eq!(steps[6]["ok"], true);
    assert_eq!(steps[7]["ok"], true);
    assert_eq!(result["final"]["wallets"]["alice"], 1_000_000_000u64);
    assert!(result["final"]["positions"]
        .as_object()
        .expect("positions")
        .is_empty());
}
