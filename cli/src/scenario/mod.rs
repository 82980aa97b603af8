//! `lever scenario run FILE.json`: the scenario runner (../shared/SCENARIOS.md).

mod play;
mod report;
mod spec;

pub use spec::{parse, Malformed};

/// Runs a scenario file's text with the program run as `engine` says; the pretty JSON
/// result, or why the file is malformed.
pub async fn run(text: &str, engine: &lever_harness::Engine) -> Result<String, Malformed> {
    let scenario = parse(text)?;
    let report = play::play(&scenario, engine).await?;
    let mut json = serde_json::to_string_pretty(&report)
        .map_err(|e| Malformed(format!("cannot encode result: {e}")))?;
    json.push('\n');
    Ok(json)
}
