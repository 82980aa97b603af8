use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use lever_math::margin::{bps_fee, notional};
use lever_math::Rounding;

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS, POSITION_SEED};
use crate::error::{LeverError, OrLever};
use crate::events::PositionOpened;
use crate::oracle::{refresh, PriceUse};
use crate::state::{credit, Config, Market, Position, Side};
use crate::token::deposit_to_vault;
use crate::validation::{now, require_collateral_account, require_positive};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct OpenPositionArgs {
    /// Owner-chosen id, part of the position's seeds.
    pub position_id: u64,
    pub side: Side,
    /// Collateral atoms transferred in; the open fee is taken from it.
    pub collateral: u64,
    /// Base atoms.
    pub size: u64,
}

/// Opens a position at the oracle price p (rounded against the trader: up for a long,
/// down for a short), read at most `max_trade_price_age_secs` old. Refused unless,
/// after the open fee, E >= imr N at the risk price (long: p - c, short: p + c), the
/// notional is at least `min_position_notional`, the side's open-interest cap holds,
/// and the pool covers open interest at max utilization. The price's publish time is
/// recorded: exits priced less than `min_hold_secs` after it realize losses only.
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct OpenPosition<'info> {
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
    #[account(
        init,
        payer = owner,
        space = Position::SIZE,
        seeds = [POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()],
        bump
    )]
    pub position: AccountLoader<'info, Position>,
    #[account(mut, dup)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

impl<'info> OpenPosition<'info> {
    fn validate(&self, args: &OpenPositionArgs) -> Result<()> {
        self.config.require_not_paused(pause::OPEN_POSITION)?;
        require_positive(args.collateral)?;
        require!(args.size > 0, LeverError::ZeroSize);
        require_collateral_account(
            &self.owner_collateral,
            &self.market.load()?.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<'_, Self>, args: OpenPositionArgs) -> Result<()> {
        crate::cu::checkpoint("open_position: accounts loaded and checked");
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, entry_price, collateral, open_fee) = {
            let mut market = accounts.market.load_mut()?;
            let mut position = accounts.position.load_init()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
            let entry_price = price.entry_price(&market, args.side)?;

            let entry_notional = notional(args.size, entry_price, Rounding::Up).or_lever()?;
            require!(
                entry_notional >= u128::from(market.params.min_position_notional),
                LeverError::PositionBelowMinimumNotional
            );
            let open_fee =
                u64::try_from(bps_fee(entry_notional, market.params.open_fee_bps).or_lever()?)
                    .map_err(|_| error!(LeverError::MathOverflow))?;
            let collateral = args
                .collateral
                .checked_sub(open_fee)
                .filter(|c| *c > 0)
                .ok_or_else(|| error!(LeverError::InsufficientCollateral))?;

            position.market = accounts.market.key();
            position.owner = accounts.owner.key();
            position.position_id = args.position_id;
            position.side = args.side.to_stored();
            position.size = args.size;
            position.entry_price.set(entry_price.raw());
            position.collateral = collateral;
            position.borrow_index_snapshot = market.borrow_index;
            position.opened_at = now;
            position.opened_slot = Clock::get()?.slot;
            position.entry_publish_time = price.quote.publish_time;
            position.updated_at = now;
            position.bump = ctx.bumps.position;

            let at_risk_price = position.snapshot_with_fees(0)?;
            let meets = at_risk_price
                .meets_initial_margin(price.risk_price(&market, args.side)?, market.params.imr_bps)
                .or_lever()?;
            require!(meets, LeverError::InitialMarginNotMet);

            market.add_interest(args.side, args.size, entry_price)?;
            market.require_utilization_covered(price.execution_price(&market, Side::Short)?)?;
            market.add_collateral(args.side, collateral)?;
            credit(&mut market.fees_collected, open_fee)?;
            market.open_positions = market
                .open_positions
                .checked_add(1)
                .ok_or_else(|| error!(LeverError::MathOverflow))?;
            (surplus, entry_price, collateral, open_fee)
        };

        deposit_to_vault(
            &accounts.token_program,
            &accounts.owner_collateral,
            &accounts.vault,
            &accounts.owner,
            args.collateral,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&PositionOpened {
            market: accounts.market.key(),
            position: accounts.position.key(),
            owner: accounts.owner.key(),
            side: args.side,
            size: args.size,
            entry_price: entry_price.raw(),
            collateral,
            open_fee,
        })?;
        Ok(())
    }
}
