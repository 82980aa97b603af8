use anchor_lang::prelude::*;
use lever_math::settlement::{settle_partial_realizing, Realize};

use super::market_vault::{check_vault_invariant, vault_surplus};
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::{LeverError, OrLever};
use crate::events::PositionReduced;
use crate::oracle::{refresh, PriceUse};
use crate::settle::apply_partial;
use crate::state::{credit, Config, Market, Position};
use crate::validation::now;

/// Closes part of a position at the exit price (the worse of p and the liquidation mark
/// for the trader), read at most `max_trade_price_age_secs` old: realized PnL and
/// accrued borrow fees settle against the pool into the position's collateral, the
/// closing fee goes to the fee bucket. Priced less than `min_hold_secs` after the
/// open's price, the closed part realizes losses only. Nothing leaves the vault
/// (withdraw collateral afterwards). Refused when the collateral cannot carry the
/// settlement or the remainder would be below `min_position_notional` (close instead).
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct ReducePosition<'info> {
    pub owner: Signer<'info>,
    #[account(address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(
        mut,
        constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch,
        has_one = vault @ LeverError::InvalidVault
    )]
    pub market: AccountLoader<'info, Market>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()], bump = position.load()?.bump))]
    #[account(
        mut,
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        has_one = market @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the market's vault (`has_one`); its balance is read in place.
    pub vault: UncheckedAccount<'info>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
}

impl<'info> ReducePosition<'info> {
    fn validate(&self, size: u64) -> Result<()> {
        self.config.require_not_paused(pause::REDUCE_POSITION)?;
        require!(size > 0, LeverError::ZeroSize);
        require!(
            size < self.position.load()?.size,
            LeverError::ReduceSizeTooLarge
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(size))]
    pub fn handle(ctx: Context<'_, Self>, size: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let mut market = accounts.market.load_mut()?;
        let mut position = accounts.position.load_mut()?;
        let surplus = vault_surplus(&market, &accounts.vault)?;
        let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
        let exit_price = price.exit_price(&market, position.side()?)?;
        let snapshot = position.snapshot(market.borrow_index.get())?;
        let realize = Realize::for_exit(
            position.entry_publish_time,
            price.quote.publish_time,
            market.params.min_hold_secs,
        );
        let settlement = settle_partial_realizing(
            &snapshot,
            size,
            exit_price,
            market.params.close_fee_bps,
            realize,
        )
        .or_lever()?;
        require!(
            settlement.remaining_notional >= u128::from(market.params.min_position_notional),
            LeverError::PositionBelowMinimumNotional
        );
        apply_partial(&mut market, &mut position, &settlement, now)?;
        credit(&mut market.fees_collected, settlement.fee)?;

        // Nothing leaves the vault: the buckets' sum must be unchanged.
        check_vault_invariant(&market, &accounts.vault, surplus)?;
        crate::events::publish(&PositionReduced {
            market: accounts.market.key(),
            position: accounts.position.key(),
            closed_size: size,
            remaining_size: position.size,
            price: exit_price.raw(),
            realized_pnl: settlement.realized_pnl,
            borrow_fees: settlement.fees_settled,
            close_fee: settlement.fee,
            collateral: position.collateral,
        })?;
        Ok(())
    }
}
