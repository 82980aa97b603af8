//! `lever deploy`: deploys or upgrades `lever.so` with the upgradeable loader over
//! JSON-RPC (lever_ops::deploy): the plan printed first, confirmation unless `--yes`,
//! `--dry-run` inspects only; the buffer's keypair is kept in a file until the program
//! is in place, so a failed upload resumes where it stopped. Exit 2 for bad input, 1
//! for a refusal or an unreachable cluster.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anchor_lang::prelude::Pubkey;
use lever_ops::cluster::{kept_keypair, read_keypair};
use lever_ops::deploy::{finish, inspect, sha256_hex, upload, verify, Target, UploadOptions};
use solana_signer::Signer;

use lever_ops::cluster_args::ClusterArgs;

#[derive(clap::Args)]
pub struct DeployArgs {
    /// The program to deploy.
    #[arg(long, default_value = "target/deploy/lever.so")]
    program: PathBuf,
    /// The program's address (default: lever's).
    #[arg(long)]
    program_id: Option<Pubkey>,
    /// The program's keypair: needed for a first deployment only.
    #[arg(long)]
    program_keypair: Option<PathBuf>,
    /// The buffer's keypair file (created if missing, deleted once deployed); default
    /// beside the program, `<program>.buffer.json`.
    #[arg(long)]
    buffer: Option<PathBuf>,
    /// Write transactions in flight at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Stop after this many writes (rehearses an interrupted upload).
    #[arg(long, hide = true)]
    max_writes: Option<usize>,
    /// Inspect and print the plan; send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send without asking.
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    cluster: ClusterArgs,
}

const BAD_INPUT: u8 = 2;

fn fail(message: &str, code: ExitCode) -> ExitCode {
    eprintln!("lever deploy: {message}");
    code
}

pub async fn run(args: DeployArgs, out: &mut impl Write) -> ExitCode {
    let program = match std::fs::read(&args.program) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        Ok(_) => {
            return fail(
                &format!("{}: empty", args.program.display()),
                ExitCode::from(BAD_INPUT),
            )
        }
        Err(e) => {
            return fail(
                &format!("{}: {e}", args.program.display()),
                ExitCode::from(BAD_INPUT),
            )
        }
    };
    let settings = match args.cluster.settings() {
        Ok(settings) => settings,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let authority = match args.cluster.signer(&settings) {
        Ok(authority) => authority,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let program_keypair = match args
        .program_keypair
        .as_deref()
        .map(read_keypair)
        .transpose()
    {
        Ok(keypair) => keypair,
        Err(e) => return fail(&e.to_string(), ExitCode::from(BAD_INPUT)),
    };
    let program_id = match (args.program_id, &program_keypair) {
        (Some(id), Some(keypair)) if id != keypair.pubkey() => {
            return fail(
                "--program-id and --program-keypair disagree",
                ExitCode::from(BAD_INPUT),
            )
        }
        (Some(id), _) => id,
        (None, Some(keypair)) => keypair.pubkey(),
        (None, None) => lever::ID,
    };
    let chain = match args.cluster.chain(&settings) {
        Ok(chain) => chain,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let rpc = chain.client();
    let target = match inspect(rpc, &program_id, &authority.pubkey()).await {
        Ok(target) => target,
        Err(e) => return fail(&e.to_string(), ExitCode::FAILURE),
    };
    if target == Target::New && program_keypair.is_none() {
        return fail(
            &format!("{program_id} is not deployed: a first deployment needs --program-keypair"),
            ExitCode::from(BAD_INPUT),
        );
    }
    let buffer_path = args
        .buffer
        .clone()
        .unwrap_or_else(|| args.program.with_extension("buffer.json"));
    let _ = writeln!(
        out,
        "{} {program_id} with {} ({} bytes, SHA-256 {}) on {} as {}; buffer keypair {}",
        if target == Target::New {
            "deploy"
        } else {
            "upgrade"
        },
        args.program.display(),
        program.len(),
        sha256_hex(&program),
        settings.rpc_url,
        authority.pubkey(),
        buffer_path.display()
    );
    if args.dry_run {
        let _ = writeln!(out, "dry run: nothing sent");
        return ExitCode::SUCCESS;
    }
    if !args.yes && !crate::migrate::confirmed(program.len() / 1_000 + 2) {
        let _ = writeln!(out, "not confirmed: nothing sent");
        return ExitCode::FAILURE;
    }
    let buffer = match kept_keypair(&buffer_path) {
        Ok(buffer) => buffer,
        Err(e) => return fail(&e.to_string(), ExitCode::from(BAD_INPUT)),
    };
    // The fees unreadable, the floor (the writes are many; none should offer less).
    let fee = chain
        .fee_for(&[buffer.pubkey()])
        .await
        .unwrap_or(args.cluster.min_priority_fee);
    let progress =
        |done: usize, total: usize| eprint!("\rwriting the buffer: {done}/{total} chunks");
    let options = UploadOptions {
        priority_fee: fee,
        concurrency: args.concurrency,
        max_writes: args.max_writes,
        progress: &progress,
    };
    let uploaded = upload(rpc, &authority, &buffer, &program, &options).await;
    eprintln!();
    let uploaded = match uploaded {
        Ok(uploaded) => uploaded,
        Err(e) => return fail(&e.to_string(), ExitCode::FAILURE),
    };
    if uploaded.already_written > 0 {
        let _ = writeln!(
            out,
            "resumed: {} of {} chunks already in the buffer",
            uploaded.already_written, uploaded.chunks
        );
    }
    if let Err(e) = verify(rpc, &buffer.pubkey(), &program).await {
        return fail(&e.to_string(), ExitCode::FAILURE);
    }
    let lamports = rpc
        .get_minimum_balance_for_rent_exemption(36)
        .await
        .unwrap_or(1_141_440);
    let instructions = match finish(
        &target,
        &program_id,
        &buffer.pubkey(),
        &authority.pubkey(),
        program.len(),
        lamports,
    ) {
        Ok(instructions) => instructions,
        Err(e) => return fail(&e.to_string(), ExitCode::FAILURE),
    };
    let mut signers = vec![&authority];
    if let (Target::New, Some(keypair)) = (&target, &program_keypair) {
        signers.push(keypair);
    }
    if let Err(e) = lever_ops::deploy::send_and_confirm(rpc, &instructions, &signers).await {
        return fail(&e.to_string(), ExitCode::FAILURE);
    }
    let _ = std::fs::remove_file(&buffer_path);
    let _ = writeln!(
        out,
        "done: {program_id} {} ({} chunks written, {} already there); buffer closed into the program",
        if target == Target::New { "deployed" } else { "upgraded" },
        uploaded.written,
        uploaded.already_written
    );
    ExitCode::SUCCESS
}
