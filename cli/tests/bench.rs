//! `lever bench cu` run on the native program: every instruction's flow succeeds and
//! has a ceiling in sbf/budget.json, so the bench is ready for an SBF build.

use std::path::Path;
use std::process::Command;

#[test]
fn bench_flows_run_and_every_instruction_has_a_budget() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .current_dir(&root)
        .args(["bench", "cu", "--native"])
        .output()
        .expect("run lever bench");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("NATIVE RUN"),
        "a native run says so: {stdout}"
    );
    for name in [
        "initialize_config",
        "create_market",
        "liquidate (partial)",
        "liquidate (full)",
        "liquidate (bad debt)",
        "position_health",
        "open_position (legacy oracle)",
        "sweep_surplus",
        "withdraw_fees",
        "recapitalize_pool",
    ] {
        assert!(
            stdout.contains(&format!("`{name}`")),
            "no row for {name}: {stdout}"
        );
    }
    assert!(
        !stdout.contains("NO BUDGET") && !stdout.contains("OVER BUDGET"),
        "{stdout}"
    );
    for account in [
        "Config | 77",
        "Market | 448",
        "Position | 168",
        "Vault (token account) | 165",
        "LP mint | 82",
    ] {
        assert!(stdout.contains(account), "account size {account}: {stdout}");
    }
}

#[test]
fn bench_without_an_sbf_build_says_how_to_get_one() {
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .args(["bench", "cu", "--so", "/nonexistent/lever.so"])
        .output()
        .expect("run lever bench");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("anchor build"), "{stderr}");
}
