use anchor_lang::prelude::*;
use lever_math::fees::borrow_index_at;
use lever_math::pool::{covers_open_interest, pool_value, LpAction, SideBook, SideInterest};
use lever_math::{MarketDecimals, Price};

use super::{MarketParams, Side};
use crate::error::{LeverError, OrLever};

/// Which Pyth format a market reads.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OracleSource {
    /// `PriceUpdateV2` of the Pyth receiver program; `oracle_feed` is the feed id.
    PythPull,
    /// Legacy Pyth price account; `oracle_feed` is the price account's address.
    PythLegacy,
}

impl OracleSource {
    /// The byte stored in `Market::oracle_source`.
    pub fn to_stored(self) -> u8 {
        match self {
            OracleSource::PythPull => 0,
            OracleSource::PythLegacy => 1,
        }
    }

    /// The stored byte back; only the program writes it, so anything else is corrupt.
    pub fn from_stored(stored: u8) -> Result<Self> {
        match stored {
            0 => Ok(OracleSource::PythPull),
            1 => Ok(OracleSource::PythLegacy),
            _ => err!(LeverError::InvalidStoredEnum),
        }
    }
}

/// A u128 stored as 16 little-endian bytes. Zero-copy accounts sit at 8-byte aligned
/// addresses in the VM's input, and u128 is 16-byte aligned, so a plain u128 field
/// could not be borrowed in place.
#[zero_copy]
#[derive(Default, Debug, PartialEq, Eq)]
pub struct StoredU128 {
    pub le_bytes: [u8; 16],
}

impl StoredU128 {
    pub fn new(value: u128) -> Self {
        StoredU128 {
            le_bytes: value.to_le_bytes(),
        }
    }

    pub fn get(&self) -> u128 {
        u128::from_le_bytes(self.le_bytes)
    }

    pub fn set(&mut self, value: u128) {
        self.le_bytes = value.to_le_bytes();
    }
}

/// Aggregate open interest of one side: O(1) pool PnL.
#[zero_copy]
#[derive(Default, Debug, PartialEq, Eq)]
pub struct OpenInterest {
    /// Collateral the side's positions hold: the most the side's losses can pay.
    pub collateral: u64,
    /// Sum of sizes, base atoms.
    pub size: StoredU128,
    /// Sum of size * entry_price (unscaled).
    pub entry_value: StoredU128,
}

impl From<OpenInterest> for SideInterest {
    fn from(oi: OpenInterest) -> Self {
        SideInterest {
            size: oi.size.get(),
            entry_value: oi.entry_value.get(),
        }
    }
}

/// One leveraged market over one collateral token and one oracle feed.
///
/// The vault holds every atom that belongs to the market; internal accounting splits
/// it into five buckets. Anyone can send tokens to the vault, so the invariant is
///   vault balance >= collateral_total + pool_liquidity + insurance_fund + fees_collected
///                    + pending_payouts,
/// and each instruction moves the vault by exactly its bucket change (the surplus over
/// the buckets is unchanged until `sweep_surplus` credits it to the insurance fund).
///
/// Zero-copy (`#[repr(C)]`, read and written in place): borsh would decode all 440
/// bytes on load and encode them again on exit, ~3 600 CU per instruction on SBF.
/// Fields are ordered so the layout has no padding (the size assert below).
#[account(zero_copy)]
#[derive(Debug)]
pub struct Market {
    pub collateral_mint: Pubkey,
    pub vault: Pubkey,
    pub lp_mint: Pubkey,
    /// Pull: the feed id; legacy: the price account's address.
    pub oracle_feed: [u8; 32],
    pub params: MarketParams,
    pub long_interest: OpenInterest,
    pub short_interest: OpenInterest,
    /// Cumulative borrow fee per unit of notional (1e18).
    pub borrow_index: StoredU128,
    pub borrow_index_updated_at: i64,
    /// Bucket: traders' collateral.
    pub collateral_total: u64,
    /// Bucket: LP liquidity, the counterparty of every position.
    pub pool_liquidity: u64,
    /// Bucket: insurance fund (liquidation penalties), pays bad debt first.
    pub insurance_fund: u64,
    /// Bucket: open and close fees.
    pub fees_collected: u64,
    /// Bad debt paid by the insurance fund, cumulative.
    pub bad_debt_insured_total: u64,
    /// Bad debt socialized to the pool, cumulative.
    pub bad_debt_socialized_total: u64,
    pub open_positions: u64,
    /// Publish time of the newest oracle price this market has used; older prices are
    /// refused, so nobody can pick a favourable update from the staleness window.
    pub last_price_publish_time: i64,
    /// When mmr or the EMA band was last raised while positions were open.
    pub last_risk_increase_at: i64,
    /// The spot prices this market used within the current window of `min_hold_secs`
    /// (of publish time): the window's first publish time, the lowest and highest
    /// mantissa, and their exponent. LP actions value each side at the worst of these
    /// for the acting LP, so an LP round trip across updates cannot pay.
    pub price_window_start: i64,
    pub price_window_low: i64,
    pub price_window_high: i64,
    pub price_window_expo: i32,
    pub index: u16,
    pub bump: u8,
    pub vault_bump: u8,
    pub lp_mint_bump: u8,
    /// `OracleSource::to_stored`.
    pub oracle_source: u8,
    pub collateral_decimals: u8,
    pub base_decimals: u8,
    /// Zero: aligns `pending_payouts` to 8 bytes.
    pub padding: u32,
    /// Bucket: what full liquidations in a batch owe the positions' owners until they
    /// claim it (`claim_payout`). Zero in markets created before it existed (it was
    /// `reserved`).
    pub pending_payouts: u64,
    /// Zero; room for new fields.
    pub reserved: [u32; 6],
}

/// Adds to a bucket, or fails with `MathOverflow`.
pub fn credit(bucket: &mut u64, amount: u64) -> Result<()> {
    *bucket = bucket
        .checked_add(amount)
        .ok_or_else(|| error!(LeverError::MathOverflow))?;
    Ok(())
}

/// Takes from a bucket, or fails with `error`.
pub fn debit(bucket: &mut u64, amount: u64, error: LeverError) -> Result<()> {
    *bucket = bucket.checked_sub(amount).ok_or_else(|| error!(error))?;
    Ok(())
}

impl Market {
    /// Account size including the 8-byte discriminator.
    pub const SIZE: usize = 8 + core::mem::size_of::<Self>();

    /// Which Pyth format the market reads.
    pub fn oracle_source(&self) -> Result<OracleSource> {
        OracleSource::from_stored(self.oracle_source)
    }

    pub fn decimals(&self) -> MarketDecimals {
        MarketDecimals {
            collateral: self.collateral_decimals,
            base: self.base_decimals,
        }
    }

    /// Sum of the five buckets: what the vault must hold.
    pub fn accounted_balance(&self) -> Result<u64> {
        [
            self.pool_liquidity,
            self.insurance_fund,
            self.fees_collected,
            self.pending_payouts,
        ]
        .into_iter()
        .try_fold(self.collateral_total, |sum, bucket| sum.checked_add(bucket))
        .ok_or_else(|| error!(LeverError::MathOverflow))
    }

    /// What the vault holds beyond the buckets (donations); refuses a vault holding
    /// less than the buckets, which no instruction may cause.
    pub fn vault_surplus(&self, vault_balance: u64) -> Result<u64> {
        vault_balance
            .checked_sub(self.accounted_balance()?)
            .ok_or_else(|| error!(LeverError::VaultInvariantBroken))
    }

    /// The vault invariant after an instruction: the vault still holds the buckets and
    /// the same surplus as before (`surplus_before`), i.e. it moved by exactly the
    /// buckets' change. A donation is never an error.
    pub fn check_vault_invariant(&self, vault_balance: u64, surplus_before: u64) -> Result<()> {
        require_eq!(
            self.vault_surplus(vault_balance)?,
            surplus_before,
            LeverError::VaultInvariantBroken
        );
        Ok(())
    }

    /// The borrow index as of `now`, without writing it: what `accrue_borrow_fees`
    /// would store, for read-only views and off-chain clients.
    pub fn projected_borrow_index(&self, now: i64) -> Result<u128> {
        borrow_index_at(
            self.borrow_index.get(),
            self.params.borrow_rate_bps_per_hour,
            self.borrow_index_updated_at,
            now,
        )
        .or_lever()
    }

    /// Brings the borrow index up to `now` (every touch calls this first).
    pub fn accrue_borrow_fees(&mut self, now: i64) -> Result<()> {
        let index = self.projected_borrow_index(now)?;
        self.borrow_index.set(index);
        self.borrow_index_updated_at = self.borrow_index_updated_at.max(now);
        Ok(())
    }

    fn interest(&self, side: Side) -> &OpenInterest {
        match side {
            Side::Long => &self.long_interest,
            Side::Short => &self.short_interest,
        }
    }

    fn interest_mut(&mut self, side: Side) -> &mut OpenInterest {
        match side {
            Side::Long => &mut self.long_interest,
            Side::Short => &mut self.short_interest,
        }
    }

    /// Adds a position's size to its side, refusing above the side's cap.
    pub fn add_interest(&mut self, side: Side, size: u64, entry: Price) -> Result<()> {
        let cap = u128::from(self.params.max_open_interest);
        let interest = self.interest_mut(side);
        let mut updated = SideInterest::from(*interest);
        updated.add(size, entry).or_lever()?;
        require!(updated.size <= cap, LeverError::OpenInterestCapExceeded);
        interest.size.set(updated.size);
        interest.entry_value.set(updated.entry_value);
        Ok(())
    }

    /// Credits collateral to a position of `side`: the collateral bucket and the
    /// side's total.
    pub fn add_collateral(&mut self, side: Side, amount: u64) -> Result<()> {
        credit(&mut self.interest_mut(side).collateral, amount)?;
        credit(&mut self.collateral_total, amount)
    }

    /// Takes collateral of a position of `side` out of the bucket and the side's total.
    pub fn remove_collateral(&mut self, side: Side, amount: u64) -> Result<()> {
        debit(
            &mut self.interest_mut(side).collateral,
            amount,
            LeverError::MathOverflow,
        )?;
        debit(&mut self.collateral_total, amount, LeverError::MathOverflow)
    }

    /// Removes size entered at `entry` from its side.
    pub fn remove_interest(&mut self, side: Side, size: u64, entry: Price) -> Result<()> {
        let interest = self.interest_mut(side);
        let mut updated = SideInterest::from(*interest);
        updated.remove(size, entry).or_lever()?;
        interest.size.set(updated.size);
        interest.entry_value.set(updated.entry_value);
        Ok(())
    }

    /// Total open interest notional at `price`, ceiled.
    pub fn open_interest_notional(&self, price: Price) -> Result<u128> {
        let long = SideInterest::from(self.long_interest)
            .notional(price)
            .or_lever()?;
        let short = SideInterest::from(self.short_interest)
            .notional(price)
            .or_lever()?;
        long.checked_add(short)
            .ok_or_else(|| error!(LeverError::MathOverflow))
    }

    /// Refuses when the pool's liquidity times max utilization does not cover open
    /// interest at `price`.
    pub fn require_utilization_covered(&self, price: Price) -> Result<()> {
        let notional = self.open_interest_notional(price)?;
        let covered = covers_open_interest(
            self.pool_liquidity,
            notional,
            self.params.max_utilization_bps,
        )
        .or_lever()?;
        require!(covered, LeverError::PoolUtilizationExceeded);
        Ok(())
    }

    /// Adds a validated price to the window of recent prices (see `price_window_*`):
    /// a price published `window_secs` or more after the window's start, or in another
    /// exponent, starts a new window.
    pub fn record_price_window(
        &mut self,
        price: i64,
        expo: i32,
        publish_time: i64,
        window_secs: u32,
    ) {
        let window_end = self
            .price_window_start
            .saturating_add(i64::from(window_secs));
        let fresh_window = self.price_window_high <= 0
            || expo != self.price_window_expo
            || publish_time >= window_end;
        if fresh_window {
            self.price_window_start = publish_time;
            self.price_window_low = price;
            self.price_window_high = price;
            self.price_window_expo = expo;
        } else {
            self.price_window_low = self.price_window_low.min(price);
            self.price_window_high = self.price_window_high.max(price);
        }
    }

    /// One side of the book as the pool values it.
    pub fn book(&self, side: Side) -> SideBook {
        let interest = self.interest(side);
        SideBook {
            interest: SideInterest::from(*interest),
            collateral: interest.collateral,
        }
    }

    /// The pool's value for an LP `action`, each side valued at its own price
    /// (`lever_math::pool::pool_value`).
    pub fn pool_value(
        &self,
        long_price: Price,
        short_price: Price,
        action: LpAction,
    ) -> Result<u128> {
        pool_value(
            self.pool_liquidity,
            self.book(Side::Long),
            self.book(Side::Short),
            long_price,
            short_price,
            action,
        )
        .or_lever()
    }

    /// Moves a signed amount between a position's settlement and the pool: positive
    /// means the pool receives, negative that it pays (refused beyond its liquidity).
    pub fn apply_pool_delta(&mut self, delta: i128) -> Result<()> {
        let amount =
            u64::try_from(delta.unsigned_abs()).map_err(|_| error!(LeverError::MathOverflow))?;
        if delta >= 0 {
            credit(&mut self.pool_liquidity, amount)
        } else {
            debit(
                &mut self.pool_liquidity,
                amount,
                LeverError::InsufficientPoolLiquidity,
            )
        }
    }
}

// mint/vault/lp mint/feed, params, interest (collateral, size, entry value) x 2, borrow
// index, 13 i64/u64 (index time, 4 buckets, 2 bad-debt totals, open positions, last
// publish time, last risk raise, window start/low/high), window expo, index, 6 bytes
// (bumps, oracle source, decimals), padding, pending payouts, reserved.
const _: () = assert!(
    Market::SIZE == 8 + 32 * 4 + 64 + (8 + 16 + 16) * 2 + 16 + 8 * 13 + 4 + 2 + 6 + 4 + 8 + 24
);
const _: () = assert!(Market::SIZE == 448);
