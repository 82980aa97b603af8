//! `lever demo` as a user runs it: exit status and what it prints.

use std::process::Command;

#[test]
fn demo_runs_liquidations_and_keeps_the_vault_invariant() {
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .arg("demo")
        .output()
        .expect("run lever demo");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\n{stdout}",
        output.status
    );
    assert_eq!(stdout.matches("== step ").count(), 9);
    assert!(stdout.contains("(partial)") && stdout.contains("(full)"));
    assert!(stdout.contains("BAD DEBT"), "the last gap leaves bad debt");
    assert_eq!(
        stdout.matches("= buckets").count(),
        9,
        "invariant line each step"
    );
    assert!(!stdout.contains("BROKEN"));
    // Program logs do not leak into the command's output.
    assert!(
        !stdout.contains("Instruction:") && !stdout.contains("AnchorError"),
        "{stdout}"
    );
}
