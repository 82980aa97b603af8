use anchor_lang::prelude::*;

use crate::constants::CONFIG_ADDRESS;
use crate::error::LeverError;
use crate::events::MarketParamsUpdated;
use crate::state::{Config, Market, MarketParams};
use crate::validation::now;

/// Replaces a market's risk parameters, under the same bounds as creation. Borrow fees
/// are accrued at the old rate first, so a rate change is never retroactive. While
/// positions are open, a raise of `mmr_bps` or `ema_band_bps` (what can make a healthy
/// position liquidatable) is at most `MAX_RISK_STEP_BPS` per update and one update a
/// day (`RiskIncreaseTooLarge`, `RiskIncreaseTooSoon`), so holders see it coming.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct UpdateMarketParams<'info> {
    pub admin: Signer<'info>,
    #[account(address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(mut, constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch)]
    pub market: AccountLoader<'info, Market>,
}

impl<'info> UpdateMarketParams<'info> {
    fn validate(&self, params: &MarketParams) -> Result<()> {
        self.config.require_admin(&self.admin.key())?;
        params.validate()
    }

    #[access_control(ctx.accounts.validate(&params))]
    pub fn handle(ctx: Context<'_, Self>, params: MarketParams) -> Result<()> {
        let market_key = ctx.accounts.market.key();
        let now = now()?;
        let mut market = ctx.accounts.market.load_mut()?;
        if market.open_positions > 0 {
            let raises =
                market
                    .params
                    .check_update_step(&params, market.last_risk_increase_at, now)?;
            if raises {
                market.last_risk_increase_at = now;
            }
        }
        market.accrue_borrow_fees(now)?;
        let previous = market.params;
        market.params = params;
        crate::events::publish(&MarketParamsUpdated {
            market: market_key,
            previous,
            params,
        })?;
        Ok(())
    }
}
