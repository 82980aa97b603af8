//! The LP pool: its value against traders' unrealized PnL, and LP share math.
//!
//! The market keeps, per side, the total size and the sum of `size * entry_price`, so
//! the traders' aggregate PnL at a price is O(1):
//!   long PnL  = (P * size_long - sum_long) / 1e12
//!   short PnL = (sum_short - P * size_short) / 1e12
//!
//! The pool is valued side by side (PROTOCOL.md, "Liquidity providers"): a side in
//! profit is owed its PnL, a side in loss counts at most its collateral. Deposits value
//! each side at the price least favourable to its traders, withdrawals at the most
//! favourable, so LPs who leave in any order get the same value for the same shares.

use crate::checked::{mul_div, to_i128, Rounding};
use crate::constants::{BPS_DENOMINATOR, PRICE_PRECISION};
use crate::error::{MathError, MathResult};
use crate::margin::positive_part;
use crate::price::{Price, Side};

/// Aggregate open interest of one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SideInterest {
    /// Total size, base atoms.
    pub size: u128,
    /// Sum of size * entry_price (unscaled).
    pub entry_value: u128,
}

impl SideInterest {
    /// Adds a position of `size` at `entry`.
    pub fn add(&mut self, size: u64, entry: Price) -> MathResult<()> {
        let value = u128::from(size)
            .checked_mul(entry.raw())
            .ok_or(MathError::Overflow)?;
        self.size = self
            .size
            .checked_add(u128::from(size))
            .ok_or(MathError::Overflow)?;
        self.entry_value = self
            .entry_value
            .checked_add(value)
            .ok_or(MathError::Overflow)?;
        Ok(())
    }

    /// Removes `size` entered at `entry` (the exact inverse of [`Self::add`]).
    pub fn remove(&mut self, size: u64, entry: Price) -> MathResult<()> {
        let value = u128::from(size)
            .checked_mul(entry.raw())
            .ok_or(MathError::Overflow)?;
        self.size = self
            .size
            .checked_sub(u128::from(size))
            .ok_or(MathError::Overflow)?;
        self.entry_value = self
            .entry_value
            .checked_sub(value)
            .ok_or(MathError::Overflow)?;
        Ok(())
    }

    /// Notional at `price`, ceiled.
    pub fn notional(&self, price: Price) -> MathResult<u128> {
        mul_div(self.size, price.raw(), PRICE_PRECISION, Rounding::Up)
    }
}

/// One side of the book as the pool values it: its open interest and the collateral
/// its positions hold (what they can pay at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SideBook {
    pub interest: SideInterest,
    pub collateral: u64,
}

/// Which LP action a valuation is for: each is valued against the LP who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LpAction {
    /// The pool is valued high: the depositor pays for what the pool may collect.
    Deposit,
    /// The pool is valued low: the withdrawer is paid net of what traders may take.
    Withdrawal,
}

/// A side's aggregate PnL at `price` (positive: traders are owed), rounded toward
/// +infinity for `Rounding::Up` and toward -infinity for `Rounding::Down`.
pub fn side_pnl(
    side: Side,
    interest: SideInterest,
    price: Price,
    rounding: Rounding,
) -> MathResult<i128> {
    let value = mark_value(interest.size, price)?;
    let (gain, loss) = match side {
        Side::Long => (value, interest.entry_value),
        Side::Short => (interest.entry_value, value),
    };
    let distance = gain.abs_diff(loss);
    if gain >= loss {
        to_i128(mul_div(distance, 1, PRICE_PRECISION, rounding)?)
    } else {
        let magnitude_rounding = match rounding {
            Rounding::Up => Rounding::Down,
            Rounding::Down => Rounding::Up,
        };
        to_i128(mul_div(distance, 1, PRICE_PRECISION, magnitude_rounding)?)?
            .checked_neg()
            .ok_or(MathError::Overflow)
    }
}

/// What one side adds to the pool's value: minus its profit (the pool owes it), or its
/// loss capped at the side's collateral (a loss beyond what the positions hold will
/// never be collected; counting it would let the first LP out leave the shortfall to
/// those who stay).
pub fn side_claim(
    side: Side,
    book: SideBook,
    price: Price,
    rounding: Rounding,
) -> MathResult<i128> {
    let pnl = side_pnl(side, book.interest, price, rounding)?;
    if pnl >= 0 {
        return pnl.checked_neg().ok_or(MathError::Overflow);
    }
    let collectable = pnl.unsigned_abs().min(u128::from(book.collateral));
    to_i128(collectable)
}

/// The pool's value for an LP action, floored at zero:
///   pool + claim(long) + claim(short),
/// each side valued on its own (one side's uncollectable losses never offset the other
/// side's profits). The caller passes each side's price: for a withdrawal the one most
/// favourable to that side's traders (long: the higher of spot and mark), for a deposit
/// the least. PnL rounds against the acting LP.
pub fn pool_value(
    pool_liquidity: u64,
    long: SideBook,
    short: SideBook,
    long_price: Price,
    short_price: Price,
    action: LpAction,
) -> MathResult<u128> {
    // Traders' PnL rounded up lowers the pool's value (against a withdrawer), rounded
    // down raises it (against a depositor).
    let rounding = match action {
        LpAction::Deposit => Rounding::Down,
        LpAction::Withdrawal => Rounding::Up,
    };
    let long_claim = side_claim(Side::Long, long, long_price, rounding)?;
    let short_claim = side_claim(Side::Short, short, short_price, rounding)?;
    let value = i128::from(pool_liquidity)
        .checked_add(long_claim)
        .and_then(|v| v.checked_add(short_claim))
        .ok_or(MathError::Overflow)?;
    Ok(positive_part(value))
}

fn mark_value(size: u128, price: Price) -> MathResult<u128> {
    size.checked_mul(price.raw()).ok_or(MathError::Overflow)
}

/// Shares minted for `amount`: 1:1 for the first deposit, else
/// `amount * supply / value`, floored. `None` when the pool has shares but no value
/// (shares would be infinite).
pub fn shares_for_deposit(amount: u64, supply: u64, pool_value: u128) -> MathResult<Option<u64>> {
    if supply == 0 {
        return Ok(Some(amount));
    }
    if pool_value == 0 {
        return Ok(None);
    }
    let shares = mul_div(
        u128::from(amount),
        u128::from(supply),
        pool_value,
        Rounding::Down,
    )?;
    Ok(Some(
        u64::try_from(shares).map_err(|_| MathError::Overflow)?,
    ))
}

/// Collateral paid for burning `shares`: `shares * value / supply`, floored.
pub fn payout_for_withdrawal(shares: u64, supply: u64, pool_value: u128) -> MathResult<u64> {
    let payout = mul_div(
        u128::from(shares),
        pool_value,
        u128::from(supply),
        Rounding::Down,
    )?;
    u64::try_from(payout).map_err(|_| MathError::Overflow)
}

/// True when `pool_liquidity * max_utilization` covers the open interest's notional.
pub fn covers_open_interest(
    pool_liquidity: u64,
    open_interest_notional: u128,
    max_utilization_bps: u16,
) -> MathResult<bool> {
    let capacity = mul_div(
        u128::from(pool_liquidity),
        u128::from(max_utilization_bps),
        BPS_DENOMINATOR,
        Rounding::Down,
    )?;
    Ok(open_interest_notional <= capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P150: Price = Price(150_000_000_000);
    const P160: Price = Price(160_000_000_000);

    fn book(size: u64, entry: Price, collateral: u64) -> SideBook {
        let mut interest = SideInterest::default();
        interest.add(size, entry).unwrap();
        SideBook {
            interest,
            collateral,
        }
    }

    #[test]
    fn side_pnl_matches_positions_summed() {
        let mut long = SideInterest::default();
        long.add(5_000_000_000, P150).unwrap();
        long.add(1_000_000_000, P160).unwrap();
        // Longs at 160: +50 and 0.
        assert_eq!(
            side_pnl(Side::Long, long, P160, Rounding::Down),
            Ok(50_000_000)
        );
        let short = book(2_000_000_000, P150, 0).interest;
        assert_eq!(
            side_pnl(Side::Short, short, P160, Rounding::Down),
            Ok(-20_000_000)
        );
        long.remove(1_000_000_000, P160).unwrap();
        assert_eq!(long.size, 5_000_000_000);
        assert_eq!(long.remove(6_000_000_000, P150), Err(MathError::Overflow));
    }

    #[test]
    fn a_side_loss_counts_at_most_its_collateral() {
        // The audit's case: a 10x long and a 10x short of 100 SOL at $150 with $1 500
        // each; at $180 the long is owed $3 000, the short can pay its $1 500 only.
        let long = book(100_000_000_000, P150, 1_500_000_000);
        let short = book(100_000_000_000, P150, 1_500_000_000);
        let p180 = Price(180_000_000_000);
        for action in [LpAction::Deposit, LpAction::Withdrawal] {
            assert_eq!(
                pool_value(1_000_000_000_000, long, short, p180, p180, action),
                Ok(998_500_000_000)
            );
        }
        // Netting the sides (the old rule) would have said 1 000 000.
    }

    #[test]
    fn rounding_is_against_the_acting_lp() {
        // A long of 3 base atoms, half an atom each above entry: owed 1.5 atoms.
        let long = book(3, Price(1_000_000_000_000), 0);
        let up = Price(1_500_000_000_000);
        let short = SideBook::default();
        // A withdrawer counts 2 atoms owed, a depositor 1.
        assert_eq!(
            pool_value(100, long, short, up, up, LpAction::Withdrawal),
            Ok(98)
        );
        assert_eq!(
            pool_value(100, long, short, up, up, LpAction::Deposit),
            Ok(99)
        );
    }

    #[test]
    fn first_deposit_is_one_to_one_then_pro_rata() {
        assert_eq!(shares_for_deposit(1_000, 0, 0), Ok(Some(1_000)));
        assert_eq!(shares_for_deposit(1_000, 1_000, 2_000), Ok(Some(500)));
        assert_eq!(shares_for_deposit(1, 1_000, 3_000), Ok(Some(0)));
        assert_eq!(shares_for_deposit(1_000, 1_000, 0), Ok(None));
        assert_eq!(payout_for_withdrawal(500, 1_000, 2_001), Ok(1_000));
    }

    #[test]
    fn coverage_is_capacity_against_notional() {
        assert_eq!(covers_open_interest(1_000, 800, 8_000), Ok(true));
        assert_eq!(covers_open_interest(1_000, 801, 8_000), Ok(false));
    }
}
