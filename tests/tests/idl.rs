//! The checked-in IDL must be what the code produces. Regenerate with
//! `LEVER_UPDATE_IDL=1 cargo test -p lever-tests --test idl`.

use std::path::PathBuf;

#[test]
fn checked_in_idl_matches_the_program() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let program = root.join("programs/lever");
    // anchor-lang-idl prefixes `+$RUSTUP_TOOLCHAIN` to cargo when it is set; the
    // toolchain is already selected by the outer cargo, so leave it to rustup.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    let target_dir = root.join("target/idl-build");
    let idl = anchor_lang_idl::build::IdlBuilder::new()
        .program_path(program)
        .skip_lint(true)
        .cargo_args(vec![
            "--target-dir".into(),
            target_dir.display().to_string(),
        ])
        .build()
        .unwrap_or_else(|e| panic!("IDL build failed: {e}"));
    let produced = serde_json::to_string_pretty(&idl).unwrap_or_default() + "\n";
    let path = root.join("idl/lever.json");
    if std::env::var_os("LEVER_UPDATE_IDL").is_some() {
        std::fs::write(&path, &produced)
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == produced,
        "idl/lever.json is stale: regenerate with `LEVER_UPDATE_IDL=1 cargo test -p lever-tests --test idl`"
    );
}
