use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use lever_math::settlement::{settle_full_realizing, Realize};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::{LeverError, OrLever};
use crate::events::PositionClosed;
use crate::oracle::{refresh, PriceUse};
use crate::settle::apply_full;
use crate::state::{credit, Config, Market, Position};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::{now, require_collateral_account};

/// Closes a whole position at the exit price (the worse of p and the liquidation mark
/// for the trader), read at most `max_trade_price_age_secs` old: PnL and borrow fees
/// settle against the pool, the closing fee (capped at the equity left) goes to the fee
/// bucket, the owner receives the rest, and the position account is closed with its
/// rent to the owner. Priced less than `min_hold_secs` after the open's price, the
/// close realizes losses only. Refused (`CloseWouldLeaveBadDebt`) when the equity at
/// the exit price is negative: an insolvent position is closed by `liquidate` only, at
/// the mark.
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct ClosePosition<'info> {
    #[account(mut)]
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
    /// CHECK: the market's vault (`has_one`): the token account `create_market` made,
    /// owned by the market PDA; its balance is read in place.
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()], bump = position.load()?.bump))]
    #[account(
        mut,
        close = owner,
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.market == market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    #[account(mut, dup)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> ClosePosition<'info> {
    fn validate(&self) -> Result<()> {
        self.config.require_not_paused(pause::REDUCE_POSITION)?;
        require_collateral_account(
            &self.owner_collateral,
            &self.market.load()?.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, signer, snapshot, exit_price, settlement) = {
            let mut market = accounts.market.load_mut()?;
            let position = accounts.position.load()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
            let side = position.side()?;
            let exit_price = price.exit_price(&market, side)?;
            let snapshot = position.snapshot(market.borrow_index.get())?;
            let realize = Realize::for_exit(
                position.entry_publish_time,
                price.quote.publish_time,
                market.params.min_hold_secs,
            );
            let settlement =
                settle_full_realizing(&snapshot, exit_price, market.params.close_fee_bps, realize)
                    .or_lever()?;
            require!(settlement.bad_debt == 0, LeverError::CloseWouldLeaveBadDebt);
            apply_full(&mut market, &position, &settlement)?;
            credit(&mut market.fees_collected, settlement.fee)?;
            (
                surplus,
                MarketSigner::of(&market),
                snapshot,
                exit_price,
                settlement,
            )
        };

        pay_from_vault(
            &accounts.token_program,
            &accounts.market.to_account_info(),
            &signer,
            &accounts.vault,
            &accounts.owner_collateral,
            settlement.owner_payout,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&PositionClosed {
            market: accounts.market.key(),
            position: accounts.position.key(),
            owner: accounts.owner.key(),
            size: snapshot.size,
            price: exit_price.raw(),
            pnl: settlement.pnl,
            borrow_fees: snapshot.accrued_fees,
            close_fee: settlement.fee,
            payout: settlement.owner_payout,
            bad_debt: settlement.bad_debt,
        })?;
        Ok(())
    }
}
