//! `lever price set`: posts a price on a local validator through the test-only Pyth
//! publisher (`lever-localnet` loads it at the Pyth programs' addresses). Refused
//! against devnet, testnet and mainnet-beta, where prices come from Pyth itself.

use std::io::Write;
use std::process::ExitCode;

use lever_ops::chain::Chain;
use lever_ops::price::{is_public_cluster, parse_decimal, parse_feed_id, PriceFormat, PriceUpdate};
use lever_pyth_publisher::instruction::Publish;
use solana_signer::Signer;

use lever_ops::cluster_args::ClusterArgs;

#[derive(clap::Subcommand)]
pub enum PriceCommand {
    /// Publish a price for a feed (localnet only). The first publisher of a feed is its
    /// authority; only that keypair may publish it again.
    Set(SetArgs),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    /// A sponsored feed account of the push oracle (where devnet/mainnet have it).
    Push,
    /// A PriceUpdateV2 of the pull receiver.
    Receiver,
    /// A legacy price account.
    Legacy,
}

#[derive(clap::Args)]
pub struct SetArgs {
    /// The Pyth feed id, 64 hex digits (SOL/USD: ef0d8b6f…b56d).
    #[arg(long)]
    feed: String,
    /// The price, a decimal (152.37), kept exactly at --expo.
    #[arg(long, allow_hyphen_values = true)]
    price: String,
    /// The confidence interval, a decimal; default 0.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    conf: String,
    /// The EMA price, a decimal; default the price.
    #[arg(long, allow_hyphen_values = true)]
    ema: Option<String>,
    /// Pyth's exponent.
    #[arg(long, default_value_t = -8, allow_hyphen_values = true)]
    expo: i32,
    /// Unix publish time; default the cluster's clock.
    #[arg(long)]
    publish_time: Option<i64>,
    /// Which Pyth account to write.
    #[arg(long, value_enum, default_value = "push")]
    format: FormatArg,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    cluster: ClusterArgs,
}

const BAD_INPUT: u8 = 2;

fn bad_input(message: &str) -> ExitCode {
    eprintln!("lever price set: {message}");
    ExitCode::from(BAD_INPUT)
}

/// The publication the arguments describe.
fn update(args: &SetArgs) -> Result<PriceUpdate, String> {
    let feed_id = parse_feed_id(&args.feed).map_err(|e| e.to_string())?;
    let price = parse_decimal(&args.price, args.expo).map_err(|e| format!("--price {e}"))?;
    let conf = parse_decimal(&args.conf, args.expo).map_err(|e| format!("--conf {e}"))?;
    let conf = u64::try_from(conf).map_err(|_| "--conf must not be negative".to_owned())?;
    let ema_price = match &args.ema {
        Some(ema) => parse_decimal(ema, args.expo).map_err(|e| format!("--ema {e}"))?,
        None => price,
    };
    let publish_time = args.publish_time.unwrap_or(0);
    if args.publish_time.is_some_and(|time| time <= 0) {
        return Err("--publish-time must be a positive unix time".into());
    }
    Ok(PriceUpdate {
        format: match args.format {
            FormatArg::Push => PriceFormat::Push,
            FormatArg::Receiver => PriceFormat::Receiver,
            FormatArg::Legacy => PriceFormat::Legacy,
        },
        publish: Publish {
            feed_id,
            price,
            conf,
            expo: args.expo,
            ema_price,
            ema_conf: conf,
            publish_time,
        },
    })
}

pub async fn run(command: PriceCommand, out: &mut impl Write) -> ExitCode {
    let PriceCommand::Set(args) = command;
    let update = match update(&args) {
        Ok(update) => update,
        Err(e) => return bad_input(&e),
    };
    let settings = match args.cluster.settings() {
        Ok(settings) => settings,
        Err(e) => return bad_input(&e),
    };
    if is_public_cluster(&settings.rpc_url) {
        return bad_input(&format!(
            "{} is a public cluster: prices there come from Pyth; the publisher exists on localnet only",
            settings.rpc_url
        ));
    }
    let authority = match args.cluster.signer(&settings) {
        Ok(authority) => authority,
        Err(e) => return bad_input(&e),
    };
    let mut chain = match args.cluster.chain(&settings) {
        Ok(chain) => chain,
        Err(e) => return bad_input(&e),
    };
    if let Err(e) = chain
        .send(&[update.instruction(&authority.pubkey())], &[&authority])
        .await
    {
        eprintln!("lever price set: {e}");
        return ExitCode::FAILURE;
    }
    let account = update.account();
    let publish = update.publish;
    let written = if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({
                "account": account.to_string(),
                "program": update.format.program_id().to_string(),
                "feed_id": args.feed.trim_start_matches("0x"),
                "price": publish.price,
                "conf": publish.conf,
                "ema_price": publish.ema_price,
                "expo": publish.expo,
            })
        )
    } else {
        writeln!(
            out,
            "published {} at {} (expo {}, conf {}, ema {}) to {account}",
            args.feed, args.price, publish.expo, publish.conf, publish.ema_price
        )
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
