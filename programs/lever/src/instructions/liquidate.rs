use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::LeverError;
use crate::events::PositionLiquidated;
use crate::liquidation::{self, RecordKeys};
use crate::oracle::{refresh, PriceUse};
use crate::state::{Config, Market, Position};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::{now, require_collateral_account};

/// Liquidates an unhealthy position; any signer but its owner may call it.
///
/// At the liquidation mark P (spot clamped into the EMA band), with equity E, notional
/// N, maintenance ratio mmr, penalty rate q and target T = mmr + buffer:
/// - refused (`PositionHealthy`) unless E < mmr N;
/// - partial: closes the least dN with E - q dN >= T (N - dN), i.e.
///   dN = (T N - E) / (T - q), in whole base atoms (see `lever_math::liquidation`);
/// - full when E <= 0, when dN reaches N, or when the remainder would be below
///   `min_position_notional`;
/// - penalty q dN, capped at the equity left; `keeper_share` of it is paid to
///   `keeper_collateral` now, the rest goes to the insurance fund;
/// - a full liquidation pays the owner's remaining equity to `owner_collateral` and
///   closes the position (rent to the owner); bad debt (E < 0) is paid by the
///   insurance fund first and socialized to the pool for the rest;
/// - a bankrupt position (E <= 0 at the mark) pays no penalty, so its keeper gets
///   `bankrupt_keeper_fee` (insurance fund first, then the pool) and the position's
///   rent instead, so that nobody leaves it open.
///
/// The price may be at most `max_liquidation_price_age_secs` old, so a keeper cannot
/// liquidate on a dip that newer updates have long superseded.
///
/// Returns the `PositionLiquidated` record as return data and emits it as an event.
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct Liquidate<'info> {
    /// Receives the rent of a bankrupt position's account.
    #[account(mut)]
    pub keeper: Signer<'info>,
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
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.market == market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: the position's owner (checked by `has_one`); receives the rent on a full
    /// liquidation.
    #[account(mut)]
    pub owner: UncheckedAccount<'info>,
    #[account(mut, dup)]
    pub keeper_collateral: Box<Account<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> Liquidate<'info> {
    fn validate(&self) -> Result<()> {
        self.config.require_not_paused(pause::LIQUIDATE)?;
        // `owner` is the position's owner (`has_one`).
        let owner = self.owner.key();
        require_keys_neq!(self.keeper.key(), owner, LeverError::SelfLiquidation);
        let mint = self.market.load()?.collateral_mint;
        require_collateral_account(&self.keeper_collateral, &mint, &self.keeper.key())?;
        require_collateral_account(&self.owner_collateral, &mint, &owner)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'_, Self>) -> Result<PositionLiquidated> {
        crate::cu::checkpoint("liquidate: accounts loaded and checked");
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, signer, liquidated) = {
            let mut market = accounts.market.load_mut()?;
            let mut position = accounts.position.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Liquidation)?;
            crate::cu::checkpoint("liquidate: oracle read");
            let planned = liquidation::plan(&market, &position, &price)?
                .ok_or_else(|| error!(LeverError::PositionHealthy))?;
            crate::cu::checkpoint("liquidate: health and plan");
            let keys = RecordKeys {
                market: accounts.market.key(),
                position: accounts.position.key(),
                keeper: accounts.keeper.key(),
            };
            let liquidated =
                liquidation::apply(&mut market, &mut position, &planned, &price, keys, now)?;
            (surplus, MarketSigner::of(&market), liquidated)
        };

        crate::cu::checkpoint("liquidate: settlement applied");
        let market_info = accounts.market.to_account_info();
        pay_from_vault(
            &accounts.token_program,
            &market_info,
            &signer,
            &accounts.vault,
            &accounts.keeper_collateral,
            liquidated.keeper_total()?,
        )?;
        crate::cu::checkpoint("liquidate: keeper paid");
        let record = liquidated.record;
        pay_from_vault(
            &accounts.token_program,
            &market_info,
            &signer,
            &accounts.vault,
            &accounts.owner_collateral,
            record.owner_payout,
        )?;
        crate::cu::checkpoint("liquidate: owner paid");
        if liquidated.bankrupt {
            accounts.position.close(accounts.keeper.to_account_info())?;
        } else if !record.partial {
            accounts.position.close(accounts.owner.to_account_info())?;
        }
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::cu::checkpoint("liquidate: position closed, vault checked");
        crate::events::publish(&record)?;
        crate::cu::checkpoint("liquidate: event emitted");
        crate::native::set_return_data(&record)?;
        Ok(record)
    }
}
