use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use lever_math::constants::MAX_DECIMALS;

use crate::constants::{CONFIG_ADDRESS, LP_MINT_SEED, MARKET_SEED, VAULT_SEED};
use crate::error::LeverError;
use crate::events::MarketCreated;
use crate::oracle::{read_price, PriceUse};
use crate::state::{Config, Market, MarketParams, OpenInterest, OracleSource, StoredU128};
use crate::validation::now;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateMarketArgs {
    pub oracle_source: OracleSource,
    /// Pull: the Pyth feed id; legacy: the price account's address.
    pub oracle_feed: [u8; 32],
    pub base_decimals: u8,
    pub params: MarketParams,
}

/// Creates a market, its vault and its LP mint, bound to one oracle feed. The oracle is
/// read once here, so a market can only be bound to a feed that validates, and whose
/// price converts to at least `MIN_FAIR_INTERNAL_PRICE` internal units with these
/// decimals (`PriceQuantumTooCoarse` otherwise: the rounding of every entry and exit
/// would be a visible cost).
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct CreateMarket<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(mut, dup, address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[account(
        init,
        payer = admin,
        space = Market::SIZE,
        seeds = [MARKET_SEED, &market_index.to_le_bytes()],
        bump
    )]
    pub market: AccountLoader<'info, Market>,
    pub collateral_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = admin,
        seeds = [VAULT_SEED, market.key().as_ref()],
        bump,
        token::mint = collateral_mint,
        token::authority = market
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init,
        payer = admin,
        seeds = [LP_MINT_SEED, market.key().as_ref()],
        bump,
        mint::decimals = collateral_mint.decimals,
        mint::authority = market
    )]
    pub lp_mint: Box<Account<'info, Mint>>,
    /// CHECK: validated by `oracle::read_price` against `args.oracle_source` and `args.oracle_feed`.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

impl<'info> CreateMarket<'info> {
    fn validate(&self, market_index: u16, args: &CreateMarketArgs) -> Result<()> {
        self.config.require_admin(&self.admin.key())?;
        require_eq!(
            market_index,
            self.config.market_count,
            LeverError::InvalidMarketIndex
        );
        require!(
            args.base_decimals <= MAX_DECIMALS && self.collateral_mint.decimals <= MAX_DECIMALS,
            LeverError::DecimalsOutOfRange
        );
        args.params.validate()
    }

    #[access_control(ctx.accounts.validate(market_index, &args))]
    pub fn handle(ctx: Context<'_, Self>, market_index: u16, args: CreateMarketArgs) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let market_key = accounts.market.key();
        let mut market = accounts.market.load_init()?;
        market.index = market_index;
        market.bump = ctx.bumps.market;
        market.vault_bump = ctx.bumps.vault;
        market.lp_mint_bump = ctx.bumps.lp_mint;
        market.collateral_mint = accounts.collateral_mint.key();
        market.vault = accounts.vault.key();
        market.lp_mint = accounts.lp_mint.key();
        market.oracle_source = args.oracle_source.to_stored();
        market.oracle_feed = args.oracle_feed;
        market.collateral_decimals = accounts.collateral_mint.decimals;
        market.base_decimals = args.base_decimals;
        market.params = args.params;
        market.long_interest = OpenInterest::default();
        market.short_interest = OpenInterest::default();
        market.borrow_index = StoredU128::new(0);
        market.borrow_index_updated_at = now;
        market.last_risk_increase_at = 0;
        // Refuse a binding that does not validate now (owner, feed, data, limits).
        let price = read_price(&market, &accounts.oracle, now, PriceUse::View)?;
        let quantum_probe = price.execution_price(&market, crate::state::Side::Long)?;
        require!(
            lever_math::price::has_fair_quantum(quantum_probe),
            LeverError::PriceQuantumTooCoarse
        );
        market.last_price_publish_time = price.quote.publish_time;
        market.record_price_window(
            price.quote.price,
            price.quote.expo,
            price.quote.publish_time,
            args.params.min_hold_secs,
        );

        let config = &mut accounts.config;
        config.market_count = config
            .market_count
            .checked_add(1)
            .ok_or_else(|| error!(LeverError::MathOverflow))?;
        crate::events::publish(&MarketCreated {
            market: market_key,
            index: market_index,
            collateral_mint: market.collateral_mint,
            oracle_source: args.oracle_source,
            oracle_feed: args.oracle_feed,
            base_decimals: args.base_decimals,
            params: args.params,
        })?;
        Ok(())
    }
}
