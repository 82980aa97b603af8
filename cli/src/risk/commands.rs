//! The risk commands' bodies: read and check the input, compute, draw, then write the
//! whole result (nothing reaches stdout before everything succeeded).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use lever_risk::charts;
use lever_risk::{
    bench, cascade, map, output, parse_market_file, synth, Book, BookPrice, CascadeParams, Market,
    MarketSpec, SynthParams,
};

use super::progress::Progress;
use super::{bad, failed, Failure};

/// Writes the whole result, then flushes.
fn emit(
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut buffered = BufWriter::with_capacity(1 << 20, stdout);
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| Failure::Failed(format!("cannot write the result: {e}")))
}

fn read_market(path: &Path, flag: &str) -> Result<Market, Failure> {
    let place = format!("{flag} {}", path.display());
    let text = std::fs::read_to_string(path).map_err(bad(format!("{place}: cannot read")))?;
    parse_market_file(&text).map_err(bad(place))
}

fn read_book(path: &Path, progress: &Progress) -> Result<Book, Failure> {
    let place = path.display().to_string();
    let file = File::open(path).map_err(bad(format!("{place}: cannot read")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.stage("reading", size, "bytes");
    let reader = BufReader::with_capacity(1 << 20, progress.reader(file));
    let book = Book::parse_reader(reader).map_err(bad(place))?;
    progress.finish();
    Ok(book)
}

/// The `--compare` market, which must keep the book's decimals (the book's numbers are
/// in its units).
fn read_compare(path: Option<&Path>, book: &Book) -> Result<Option<Market>, Failure> {
    let Some(path) = path else { return Ok(None) };
    let other = read_market(path, "--compare")?;
    if other.decimals != book.market.decimals {
        return Err(Failure::BadInput(format!(
            "--compare {}: decimals ({} collateral, {} base) differ from the book's ({}, {})",
            path.display(),
            other.decimals.collateral,
            other.decimals.base,
            book.market.decimals.collateral,
            book.market.decimals.base
        )));
    }
    let band = other.params.ema_band_bps;
    lever_risk::prices::marks_of_quote(&book.price.quote(), band, other.decimals).map_err(|e| {
        Failure::BadInput(format!(
            "--compare {}: the book's price has no mark with an EMA band of {band} bps: {e}",
            path.display()
        ))
    })?;
    Ok(Some(other))
}

fn out_dir(out: Option<&Path>) -> Result<Option<&Path>, Failure> {
    if let Some(dir) = out {
        std::fs::create_dir_all(dir)
            .map_err(bad(format!("--out {}: cannot create", dir.display())))?;
    }
    Ok(out)
}

pub(crate) fn run_synth(
    positions: usize,
    seed: u64,
    market: Option<&Path>,
    price: Option<i64>,
    progress: &Progress,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let market = match market {
        Some(path) => read_market(path, "--market")?,
        None => MarketSpec::default().resolve().map_err(failed)?,
    };
    let mut book_price = SynthParams::DEFAULT_PRICE;
    if let Some(mantissa) = price {
        if mantissa <= 0 {
            return Err(Failure::BadInput(format!(
                "--price: must be positive, not {mantissa}"
            )));
        }
        book_price = BookPrice {
            price: mantissa,
            ema: mantissa,
            ..book_price
        };
    }
    progress.stage("generating", 0, "");
    let params = SynthParams {
        positions,
        seed,
        market_spec: MarketSpec::explicit(&market),
        market,
        price: book_price,
    };
    let book = synth(&params).map_err(bad("--market/--price"))?;
    progress.finish();
    emit(stdout, |w| output::write_book(w, &book))
}

pub(crate) struct MapArgs<'a> {
    pub book: &'a Path,
    pub out: Option<&'a Path>,
    pub bucket_bps: u16,
    pub compare: Option<&'a Path>,
}

pub(crate) fn run_map(
    args: &MapArgs<'_>,
    progress: &Progress,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let out = out_dir(args.out)?;
    let mut book = read_book(args.book, progress)?;
    let compare = read_compare(args.compare, &book)?;
    let total = u64::try_from(book.len()).unwrap_or(u64::MAX);
    progress.stage("mapping", total, "positions");
    let mut tick = |done: usize| progress.set(u64::try_from(done).unwrap_or(u64::MAX));
    let base = map(&book, args.bucket_bps, &mut tick).map_err(failed)?;
    let other = match compare {
        Some(market) => {
            let own = std::mem::replace(&mut book.market, market);
            progress.stage("comparing", total, "positions");
            let other = map(&book, args.bucket_bps, &mut tick).map_err(failed)?;
            book.market = own;
            Some((market, other))
        }
        None => None,
    };
    progress.finish();
    if let Some(dir) = out {
        charts::map_chart(dir, &base, &book.market).map_err(failed)?;
        charts::leverage_chart(dir, &base).map_err(failed)?;
        if let Some((market, other)) = &other {
            charts::map_compare_chart(dir, (&base, &book.market), (other, market))
                .map_err(failed)?;
        }
    }
    let spec = other
        .as_ref()
        .map(|(market, _)| MarketSpec::explicit(market));
    let compared = other.as_ref().zip(spec.as_ref()).map(|((_, m), s)| (s, m));
    emit(stdout, |w| output::write_map(w, &book, &base, compared))
}

pub(crate) fn run_cascade(
    path: &Path,
    params: &CascadeParams,
    out: Option<&Path>,
    compare: Option<&Path>,
    progress: &Progress,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    params.check().map_err(|e| Failure::BadInput(e.0))?;
    let out = out_dir(out)?;
    let mut book = read_book(path, progress)?;
    let compare = read_compare(compare, &book)?;
    progress.stage("cascade", u64::from(params.max_rounds), "rounds");
    let base = cascade::run(&book, params, &mut &*progress).map_err(failed)?;
    let other = match compare {
        Some(market) => {
            let own = std::mem::replace(&mut book.market, market);
            progress.stage("comparing", u64::from(params.max_rounds), "rounds");
            let other = cascade::run(&book, params, &mut &*progress).map_err(failed)?;
            book.market = own;
            Some((market, other))
        }
        None => None,
    };
    progress.finish();
    let p = book.price;
    let reference =
        lever_risk::prices::scaled_internal_nearest(p.price, p.expo, book.market.decimals, 1, 1)
            .map_err(failed)?;
    if let Some(dir) = out {
        charts::cascade_chart(dir, &base, &book.market, params, reference).map_err(failed)?;
        if let Some((market, other)) = &other {
            charts::cascade_compare_chart(
                dir,
                (&base, &book.market),
                (other, market),
                params,
                reference,
            )
            .map_err(failed)?;
        }
    }
    let spec = other
        .as_ref()
        .map(|(market, _)| MarketSpec::explicit(market));
    let compared = other.as_ref().zip(spec.as_ref()).map(|((_, r), s)| (s, r));
    emit(stdout, |w| output::write_cascade(w, &base, compared))
}

pub(crate) fn run_bench(
    sizes: &[usize],
    seed: u64,
    progress: &Progress,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let mut rows = Vec::with_capacity(sizes.len());
    for (done, n) in sizes.iter().enumerate() {
        progress.stage("bench", u64::try_from(sizes.len()).unwrap_or(0), "sizes");
        progress.set(u64::try_from(done).unwrap_or(0));
        rows.push(bench::run(*n, seed, &mut lever_risk::Quiet).map_err(failed)?);
    }
    progress.finish();
    emit(stdout, |w| w.write_all(bench::markdown(&rows).as_bytes()))
}
