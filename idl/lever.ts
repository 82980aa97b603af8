/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `idl/lever.json`. Written by `npm run idl-type` in clients/ts.
 */
export type Lever = {
  "address": "LevFuB3rLHfTRuwgDMs7f63qCmNk8vKPc7ewL5vUmKp",
  "metadata": {
    "name": "lever",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Leveraged positions over collateral vaults, priced by Pyth, with permissionless liquidation."
  },
  "instructions": [
    {
      "name": "acceptAdmin",
      "docs": [
        "Step 2: the proposed admin accepts."
      ],
      "discriminator": [
        112,
        42,
        45,
        90,
        116,
        181,
        13,
        170
      ],
      "accounts": [
        {
          "name": "newAdmin",
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        }
      ],
      "args": []
    },
    {
      "name": "claimPayout",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the",
        "liquidated position whose payout is claimed."
      ],
      "discriminator": [
        127,
        240,
        132,
        62,
        227,
        198,
        146,
        133
      ],
      "accounts": [
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "docs": [
            "The liquidated position's account (its seeds), which `liquidate_batch` rewrote",
            "as a `LiquidationPayout`."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "owner",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        }
      ]
    },
    {
      "name": "closePosition",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the position",
        "(checked by the accounts' constraints)."
      ],
      "discriminator": [
        123,
        134,
        81,
        0,
        49,
        68,
        98,
        98
      ],
      "accounts": [
        {
          "name": "owner",
          "writable": true,
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        }
      ]
    },
    {
      "name": "createMarket",
      "docs": [
        "`market_index` must equal the config's market count; it is the market's seed."
      ],
      "discriminator": [
        103,
        226,
        97,
        235,
        200,
        188,
        251,
        254
      ],
      "accounts": [
        {
          "name": "admin",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "collateralMint"
        },
        {
          "name": "vault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "lpMint",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  108,
                  112,
                  95,
                  109,
                  105,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "createMarketArgs"
            }
          }
        }
      ]
    },
    {
      "name": "depositCollateral",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the position",
        "(checked by the accounts' constraints)."
      ],
      "discriminator": [
        156,
        131,
        142,
        116,
        146,
        247,
        162,
        120
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        },
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "initializeConfig",
      "docs": [
        "Creates the config; the signer must be the program's upgrade authority and",
        "becomes the admin."
      ],
      "discriminator": [
        208,
        127,
        21,
        1,
        194,
        190,
        196,
        70
      ],
      "accounts": [
        {
          "name": "admin",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData: owned by the upgradeable loader (checked by the",
            "account type), at the loader's PDA of this program's id."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  5,
                  8,
                  232,
                  222,
                  92,
                  161,
                  2,
                  64,
                  201,
                  40,
                  169,
                  9,
                  106,
                  187,
                  99,
                  27,
                  111,
                  202,
                  76,
                  197,
                  240,
                  58,
                  63,
                  207,
                  174,
                  113,
                  186,
                  213,
                  212,
                  238,
                  158,
                  59
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "liquidate",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the position",
        "(checked by the accounts' constraints)."
      ],
      "discriminator": [
        223,
        179,
        226,
        125,
        48,
        46,
        39,
        74
      ],
      "accounts": [
        {
          "name": "keeper",
          "docs": [
            "Receives the rent of a bankrupt position's account."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "owner",
          "docs": [
            "liquidation."
          ],
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "keeperCollateral",
          "writable": true
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        }
      ],
      "returns": {
        "defined": {
          "name": "positionLiquidated"
        }
      }
    },
    {
      "name": "liquidateBatch",
      "docs": [
        "`market_index` is the market's PDA seed; the positions are the remaining",
        "accounts, one each (writable)."
      ],
      "discriminator": [
        104,
        103,
        84,
        137,
        51,
        141,
        21,
        168
      ],
      "accounts": [
        {
          "name": "keeper",
          "docs": [
            "Receives the rent of bankrupt positions' accounts."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "keeperCollateral",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        }
      ],
      "returns": {
        "defined": {
          "name": "batchLiquidation"
        }
      }
    },
    {
      "name": "lpDeposit",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        27,
        77,
        210,
        69,
        12,
        43,
        148,
        16
      ],
      "accounts": [
        {
          "name": "depositor",
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "lpMint",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  108,
                  112,
                  95,
                  109,
                  105,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "depositorCollateral",
          "writable": true
        },
        {
          "name": "depositorShares",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "lpWithdraw",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        205,
        206,
        130,
        170,
        173,
        51,
        11,
        169
      ],
      "accounts": [
        {
          "name": "withdrawer",
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "lpMint",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  108,
                  112,
                  95,
                  109,
                  105,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "withdrawerCollateral",
          "writable": true
        },
        {
          "name": "withdrawerShares",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "shares",
          "type": "u64"
        }
      ]
    },
    {
      "name": "openPosition",
      "docs": [
        "Flat arguments, so that tools resolve the position's seeds from `position_id`."
      ],
      "discriminator": [
        135,
        128,
        47,
        77,
        15,
        152,
        240,
        49
      ],
      "accounts": [
        {
          "name": "owner",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        },
        {
          "name": "side",
          "type": {
            "defined": {
              "name": "side"
            }
          }
        },
        {
          "name": "collateral",
          "type": "u64"
        },
        {
          "name": "size",
          "type": "u64"
        }
      ]
    },
    {
      "name": "positionHealth",
      "docs": [
        "`market_index`, `owner` and `position_id` are the PDA seeds of the market and the",
        "position (checked by the accounts' constraints)."
      ],
      "discriminator": [
        23,
        176,
        135,
        198,
        219,
        199,
        93,
        53
      ],
      "accounts": [
        {
          "name": "market",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "arg",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "oracle"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "owner",
          "type": "pubkey"
        },
        {
          "name": "positionId",
          "type": "u64"
        }
      ],
      "returns": {
        "defined": {
          "name": "positionHealth"
        }
      }
    },
    {
      "name": "proposeAdmin",
      "docs": [
        "Step 1 of the admin hand-over (`Pubkey::default()` cancels a pending one)."
      ],
      "discriminator": [
        121,
        214,
        199,
        212,
        87,
        39,
        117,
        234
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        }
      ],
      "args": [
        {
          "name": "newAdmin",
          "type": "pubkey"
        }
      ]
    },
    {
      "name": "recapitalizePool",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        179,
        180,
        113,
        177,
        180,
        145,
        232,
        143
      ],
      "accounts": [
        {
          "name": "funder",
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "funderCollateral",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "reducePosition",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the position",
        "(checked by the accounts' constraints)."
      ],
      "discriminator": [
        96,
        202,
        33,
        80,
        24,
        197,
        33,
        77
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "vault",
          "relations": [
            "market"
          ]
        },
        {
          "name": "oracle"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        },
        {
          "name": "size",
          "type": "u64"
        }
      ]
    },
    {
      "name": "setPauseFlags",
      "docs": [
        "Pauses operations (the bits of `constants::pause`); refuses unknown bits."
      ],
      "discriminator": [
        205,
        167,
        85,
        237,
        144,
        202,
        248,
        175
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        }
      ],
      "args": [
        {
          "name": "flags",
          "type": "u16"
        }
      ]
    },
    {
      "name": "sweepSurplus",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        144,
        67,
        197,
        177,
        218,
        200,
        50,
        24
      ],
      "accounts": [
        {
          "name": "caller",
          "signer": true
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "relations": [
            "market"
          ]
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        }
      ]
    },
    {
      "name": "updateMarketParams",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        70,
        117,
        202,
        191,
        205,
        174,
        92,
        82
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "params",
          "type": {
            "defined": {
              "name": "marketParams"
            }
          }
        }
      ]
    },
    {
      "name": "withdrawCollateral",
      "docs": [
        "`market_index` and `position_id` are the PDA seeds of the market and the position",
        "(checked by the accounts' constraints)."
      ],
      "discriminator": [
        115,
        135,
        168,
        106,
        139,
        214,
        138,
        150
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              },
              {
                "kind": "arg",
                "path": "positionId"
              }
            ]
          }
        },
        {
          "name": "ownerCollateral",
          "writable": true
        },
        {
          "name": "oracle"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "positionId",
          "type": "u64"
        },
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "withdrawFees",
      "docs": [
        "`market_index` is the market's PDA seed (checked by the accounts' constraints)."
      ],
      "discriminator": [
        198,
        212,
        171,
        109,
        144,
        215,
        174,
        89
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true
        },
        {
          "name": "config",
          "address": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "arg",
                "path": "marketIndex"
              }
            ]
          }
        },
        {
          "name": "vault",
          "docs": [
            "owned by the market PDA; its balance is read in place."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "destination",
          "docs": [
            "Any token account of the collateral mint, whoever owns it."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "marketIndex",
          "type": "u16"
        },
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "config",
      "discriminator": [
        155,
        12,
        170,
        224,
        30,
        250,
        204,
        130
      ]
    },
    {
      "name": "liquidationPayout",
      "discriminator": [
        141,
        200,
        241,
        217,
        211,
        102,
        26,
        135
      ]
    },
    {
      "name": "market",
      "discriminator": [
        219,
        190,
        213,
        55,
        0,
        227,
        198,
        154
      ]
    },
    {
      "name": "position",
      "discriminator": [
        170,
        188,
        143,
        228,
        122,
        64,
        247,
        208
      ]
    }
  ],
  "events": [
    {
      "name": "adminAccepted",
      "discriminator": [
        174,
        12,
        76,
        139,
        158,
        99,
        110,
        254
      ]
    },
    {
      "name": "adminProposed",
      "discriminator": [
        129,
        249,
        226,
        227,
        199,
        82,
        110,
        243
      ]
    },
    {
      "name": "batchPositionLiquidated",
      "discriminator": [
        23,
        39,
        220,
        201,
        60,
        5,
        6,
        204
      ]
    },
    {
      "name": "collateralDeposited",
      "discriminator": [
        244,
        62,
        77,
        11,
        135,
        112,
        61,
        96
      ]
    },
    {
      "name": "collateralWithdrawn",
      "discriminator": [
        51,
        224,
        133,
        106,
        74,
        173,
        72,
        82
      ]
    },
    {
      "name": "configInitialized",
      "discriminator": [
        181,
        49,
        200,
        156,
        19,
        167,
        178,
        91
      ]
    },
    {
      "name": "feesWithdrawn",
      "discriminator": [
        234,
        15,
        0,
        119,
        148,
        241,
        40,
        21
      ]
    },
    {
      "name": "liquidationBatch",
      "discriminator": [
        98,
        92,
        2,
        68,
        137,
        100,
        60,
        42
      ]
    },
    {
      "name": "lpDeposited",
      "discriminator": [
        85,
        211,
        184,
        159,
        176,
        224,
        28,
        72
      ]
    },
    {
      "name": "lpWithdrawn",
      "discriminator": [
        188,
        10,
        43,
        60,
        223,
        238,
        51,
        153
      ]
    },
    {
      "name": "marketCreated",
      "discriminator": [
        88,
        184,
        130,
        231,
        226,
        84,
        6,
        58
      ]
    },
    {
      "name": "marketParamsUpdated",
      "discriminator": [
        88,
        163,
        120,
        117,
        160,
        118,
        99,
        60
      ]
    },
    {
      "name": "pauseFlagsSet",
      "discriminator": [
        67,
        234,
        75,
        170,
        161,
        26,
        210,
        36
      ]
    },
    {
      "name": "payoutClaimed",
      "discriminator": [
        200,
        39,
        105,
        112,
        116,
        63,
        58,
        149
      ]
    },
    {
      "name": "poolRecapitalized",
      "discriminator": [
        8,
        147,
        11,
        254,
        128,
        107,
        25,
        107
      ]
    },
    {
      "name": "positionClosed",
      "discriminator": [
        157,
        163,
        227,
        228,
        13,
        97,
        138,
        121
      ]
    },
    {
      "name": "positionLiquidated",
      "discriminator": [
        40,
        107,
        90,
        214,
        96,
        30,
        61,
        128
      ]
    },
    {
      "name": "positionOpened",
      "discriminator": [
        237,
        175,
        243,
        230,
        147,
        117,
        101,
        121
      ]
    },
    {
      "name": "positionReduced",
      "discriminator": [
        251,
        198,
        158,
        1,
        128,
        208,
        153,
        2
      ]
    },
    {
      "name": "surplusSwept",
      "discriminator": [
        10,
        228,
        130,
        83,
        221,
        240,
        210,
        32
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "unauthorized",
      "msg": "Signer is not the admin"
    },
    {
      "code": 6001,
      "name": "notPendingAdmin",
      "msg": "Signer is not the pending admin"
    },
    {
      "code": 6002,
      "name": "noPendingAdmin",
      "msg": "No admin hand-over is pending"
    },
    {
      "code": 6003,
      "name": "unknownPauseFlag",
      "msg": "Pause flags contain an undefined bit"
    },
    {
      "code": 6004,
      "name": "operationPaused",
      "msg": "This operation is paused"
    },
    {
      "code": 6005,
      "name": "initialMarginOutOfRange",
      "msg": "Initial margin must be in (0, 100%]"
    },
    {
      "code": 6006,
      "name": "maintenanceMarginOutOfRange",
      "msg": "Maintenance margin must be in (0, initial margin)"
    },
    {
      "code": 6007,
      "name": "penaltyOutOfRange",
      "msg": "Liquidation penalty must be in (0, maintenance margin)"
    },
    {
      "code": 6008,
      "name": "keeperShareOutOfRange",
      "msg": "Keeper share must be at most 100%"
    },
    {
      "code": 6009,
      "name": "bufferOutOfRange",
      "msg": "Liquidation buffer must be positive and mmr + buffer at most 100%"
    },
    {
      "code": 6010,
      "name": "emaBandOutOfRange",
      "msg": "EMA band must be in (0, 100%)"
    },
    {
      "code": 6011,
      "name": "stalenessOutOfRange",
      "msg": "Max staleness must be positive"
    },
    {
      "code": 6012,
      "name": "confidenceLimitOutOfRange",
      "msg": "Max confidence must be in (0, 100%]"
    },
    {
      "code": 6013,
      "name": "tradeFeeOutOfRange",
      "msg": "Open or close fee above the cap"
    },
    {
      "code": 6014,
      "name": "borrowRateOutOfRange",
      "msg": "Borrow rate above the cap"
    },
    {
      "code": 6015,
      "name": "openInterestCapOutOfRange",
      "msg": "Max open interest must be positive"
    },
    {
      "code": 6016,
      "name": "utilizationOutOfRange",
      "msg": "Max utilization must be in (0, 100%]"
    },
    {
      "code": 6017,
      "name": "decimalsOutOfRange",
      "msg": "Decimals above the supported maximum"
    },
    {
      "code": 6018,
      "name": "invalidMarketIndex",
      "msg": "Market index must equal the number of markets created"
    },
    {
      "code": 6019,
      "name": "marketMismatch",
      "msg": "Account does not belong to this market"
    },
    {
      "code": 6020,
      "name": "invalidCollateralMint",
      "msg": "Token account mint is not the market's collateral mint"
    },
    {
      "code": 6021,
      "name": "tokenAccountOwnerMismatch",
      "msg": "Token account is not owned by the expected wallet"
    },
    {
      "code": 6022,
      "name": "invalidVault",
      "msg": "Vault is not the market's vault"
    },
    {
      "code": 6023,
      "name": "invalidLpMint",
      "msg": "LP mint is not the market's LP mint"
    },
    {
      "code": 6024,
      "name": "positionOwnerMismatch",
      "msg": "Position owner mismatch"
    },
    {
      "code": 6025,
      "name": "oracleWrongOwner",
      "msg": "Oracle account is not owned by the expected Pyth program"
    },
    {
      "code": 6026,
      "name": "oracleWrongFeed",
      "msg": "Oracle account is not the market's feed"
    },
    {
      "code": 6027,
      "name": "oracleInvalidData",
      "msg": "Oracle account data cannot be decoded"
    },
    {
      "code": 6028,
      "name": "oraclePartiallyVerified",
      "msg": "Pyth pull update is only partially verified"
    },
    {
      "code": 6029,
      "name": "oracleNotTrading",
      "msg": "Legacy Pyth price status is not Trading"
    },
    {
      "code": 6030,
      "name": "oracleNonPositivePrice",
      "msg": "Oracle price is zero or negative"
    },
    {
      "code": 6031,
      "name": "oracleNonPositiveEma",
      "msg": "Oracle EMA price is zero or negative"
    },
    {
      "code": 6032,
      "name": "oracleStale",
      "msg": "Oracle price is older than the market's max staleness"
    },
    {
      "code": 6033,
      "name": "oracleConfidenceTooWide",
      "msg": "Oracle confidence interval is wider than the market allows"
    },
    {
      "code": 6034,
      "name": "oraclePriceOutOfRange",
      "msg": "Oracle price is outside the supported range"
    },
    {
      "code": 6035,
      "name": "zeroAmount",
      "msg": "Amount must be positive"
    },
    {
      "code": 6036,
      "name": "zeroSize",
      "msg": "Size must be positive"
    },
    {
      "code": 6037,
      "name": "initialMarginNotMet",
      "msg": "Position would be below initial margin (leverage above max)"
    },
    {
      "code": 6038,
      "name": "openInterestCapExceeded",
      "msg": "Open interest cap of this side would be exceeded"
    },
    {
      "code": 6039,
      "name": "poolUtilizationExceeded",
      "msg": "Pool liquidity does not cover open interest at max utilization"
    },
    {
      "code": 6040,
      "name": "positionBelowMinimumNotional",
      "msg": "Position notional is below the market minimum"
    },
    {
      "code": 6041,
      "name": "reduceSizeTooLarge",
      "msg": "Reduce size must be below the position size; use close"
    },
    {
      "code": 6042,
      "name": "insufficientCollateral",
      "msg": "Collateral cannot cover the settlement"
    },
    {
      "code": 6043,
      "name": "insufficientPoolLiquidity",
      "msg": "Pool liquidity cannot pay this profit"
    },
    {
      "code": 6044,
      "name": "depositTooSmall",
      "msg": "Deposit too small to mint a share"
    },
    {
      "code": 6045,
      "name": "poolValueZero",
      "msg": "Pool has shares outstanding but no value"
    },
    {
      "code": 6046,
      "name": "withdrawalTooSmall",
      "msg": "Withdrawal too small to pay an atom"
    },
    {
      "code": 6047,
      "name": "insufficientShares",
      "msg": "Not enough LP shares"
    },
    {
      "code": 6048,
      "name": "positionHealthy",
      "msg": "Position is healthy: equity is at or above maintenance margin"
    },
    {
      "code": 6049,
      "name": "selfLiquidation",
      "msg": "A position owner may not liquidate their own position"
    },
    {
      "code": 6050,
      "name": "mathOverflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6051,
      "name": "divisionByZero",
      "msg": "Division by zero"
    },
    {
      "code": 6052,
      "name": "vaultInvariantBroken",
      "msg": "Vault moved by other than the market's bucket change, or holds less than them"
    },
    {
      "code": 6053,
      "name": "oraclePriceOlderThanLastUsed",
      "msg": "Oracle price is older than the newest price this market has used"
    },
    {
      "code": 6054,
      "name": "oraclePriceTooOldForTrade",
      "msg": "Oracle price is older than the market allows for a trade"
    },
    {
      "code": 6055,
      "name": "oraclePriceTooOldForLiquidation",
      "msg": "Oracle price is older than the market allows for a liquidation"
    },
    {
      "code": 6056,
      "name": "tradePriceAgeOutOfRange",
      "msg": "Max trade price age must be in (0, max staleness]"
    },
    {
      "code": 6057,
      "name": "liquidationPriceAgeOutOfRange",
      "msg": "Max liquidation price age must be in (0, max staleness]"
    },
    {
      "code": 6058,
      "name": "minHoldOutOfRange",
      "msg": "Min hold must be above the max trade price age and at most a day"
    },
    {
      "code": 6059,
      "name": "bankruptKeeperFeeOutOfRange",
      "msg": "Bankrupt keeper fee must be at most the min position notional"
    },
    {
      "code": 6060,
      "name": "riskIncreaseTooLarge",
      "msg": "Raise of mmr or EMA band larger than one step while positions are open"
    },
    {
      "code": 6061,
      "name": "riskIncreaseTooSoon",
      "msg": "Raise of mmr or EMA band too soon after the previous one while positions are open"
    },
    {
      "code": 6062,
      "name": "notUpgradeAuthority",
      "msg": "Signer is not the program's upgrade authority"
    },
    {
      "code": 6063,
      "name": "priceQuantumTooCoarse",
      "msg": "Price quantum too coarse for fair rounding with these decimals"
    },
    {
      "code": 6064,
      "name": "closeWouldLeaveBadDebt",
      "msg": "Closing would leave bad debt; only liquidate closes an insolvent position"
    },
    {
      "code": 6065,
      "name": "noSurplus",
      "msg": "The vault holds no surplus over the market's buckets"
    },
    {
      "code": 6066,
      "name": "insufficientFees",
      "msg": "Fee bucket holds less than the amount asked"
    },
    {
      "code": 6067,
      "name": "invalidConfig",
      "msg": "Not the program's config account"
    },
    {
      "code": 6068,
      "name": "invalidStoredEnum",
      "msg": "An account holds an enum value the program never writes"
    },
    {
      "code": 6069,
      "name": "marketIndexMismatch",
      "msg": "Market account is not the market of the given index"
    },
    {
      "code": 6070,
      "name": "positionIdMismatch",
      "msg": "Position account is not the position of the given id"
    },
    {
      "code": 6071,
      "name": "eventTooLarge",
      "msg": "An event does not fit the program's event buffer"
    },
    {
      "code": 6072,
      "name": "invalidBatch",
      "msg": "A batch lists 1 to 24 positions"
    },
    {
      "code": 6073,
      "name": "positionNotOpen",
      "msg": "Position account is closed or already fully liquidated"
    },
    {
      "code": 6074,
      "name": "duplicatePosition",
      "msg": "Position is listed twice in the batch"
    }
  ],
  "types": [
    {
      "name": "adminAccepted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "previousAdmin",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "adminProposed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "pendingAdmin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "batchLiquidation",
      "docs": [
        "`liquidate_batch`'s return data: kept small because the runtime logs it; each",
        "liquidation's details are in its events (see [`MAX_BATCH_POSITIONS`])."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "keeperPaid",
            "docs": [
              "What the keeper was paid in all (penalty shares and bankrupt-position fees)."
            ],
            "type": "u64"
          },
          {
            "name": "statuses",
            "docs": [
              "Per position, in the order passed: 0 when liquidated; otherwise the error code",
              "`liquidate` would have refused it with (`PositionHealthy`, `PositionNotOpen`,",
              "`DuplicatePosition`, ...), and the position was left untouched."
            ],
            "type": {
              "vec": "u16"
            }
          }
        ]
      }
    },
    {
      "name": "batchPositionLiquidated",
      "docs": [
        "One liquidation of a `liquidate_batch`: the fields of `PositionLiquidated` that are",
        "not the batch's (see `LiquidationBatch`). The mark is per position: it depends on",
        "the side."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "side",
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "partial",
            "type": "bool"
          },
          {
            "name": "closedSize",
            "type": "u64"
          },
          {
            "name": "remainingSize",
            "type": "u64"
          },
          {
            "name": "markPrice",
            "type": "u128"
          },
          {
            "name": "equityBefore",
            "type": "i128"
          },
          {
            "name": "equityAfter",
            "type": "i128"
          },
          {
            "name": "penalty",
            "type": "u64"
          },
          {
            "name": "keeperReward",
            "type": "u64"
          },
          {
            "name": "insuranceFee",
            "type": "u64"
          },
          {
            "name": "badDebt",
            "type": "u64"
          },
          {
            "name": "badDebtFromInsurance",
            "type": "u64"
          },
          {
            "name": "badDebtSocialized",
            "type": "u64"
          },
          {
            "name": "ownerPayout",
            "type": "u64"
          },
          {
            "name": "bankruptKeeperFee",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "collateralDeposited",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "collateral",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "collateralWithdrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "collateral",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "config",
      "docs": [
        "One per deployment: who administers it and which operations are paused."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "pendingAdmin",
            "docs": [
              "Proposed next admin; `Pubkey::default()` when no hand-over is pending."
            ],
            "type": "pubkey"
          },
          {
            "name": "pauseFlags",
            "docs": [
              "Bits of `constants::pause`; a set bit pauses that operation in every market."
            ],
            "type": "u16"
          },
          {
            "name": "marketCount",
            "docs": [
              "Markets created so far; the next market's index."
            ],
            "type": "u16"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "configInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "admin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "createMarketArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "oracleSource",
            "type": {
              "defined": {
                "name": "oracleSource"
              }
            }
          },
          {
            "name": "oracleFeed",
            "docs": [
              "Pull: the Pyth feed id; legacy: the price account's address."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "feesWithdrawn",
      "docs": [
        "The admin took fees out of the fee bucket."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "destination",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "feesCollected",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "liquidationBatch",
      "docs": [
        "What the liquidations of one `liquidate_batch` share, logged once before them: each",
        "`BatchPositionLiquidated` that follows it in the same instruction is one",
        "liquidation of this batch. Together they are a `PositionLiquidated` apiece",
        "([`PositionLiquidated::from_batch`]) in ~290 log bytes per position instead of 470,",
        "which is what lets a batch's log hold `MAX_BATCH_POSITIONS` events."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "keeper",
            "type": "pubkey"
          },
          {
            "name": "oraclePrice",
            "type": "i64"
          },
          {
            "name": "oracleConf",
            "type": "u64"
          },
          {
            "name": "oracleEmaPrice",
            "type": "i64"
          },
          {
            "name": "oracleExpo",
            "type": "i32"
          },
          {
            "name": "oraclePublishTime",
            "type": "i64"
          },
          {
            "name": "oracleFeedId",
            "docs": [
              "Pull: the feed id; legacy: the price account's address."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "liquidationPayout",
      "docs": [
        "What a full liquidation in a batch owes a position's owner: the position's account,",
        "rewritten in place, so that a batch needs no token account nor wallet per position",
        "(one account each). The amount stays in the market's `pending_payouts` bucket until",
        "anyone calls `claim_payout`, which pays it to a token account of the owner and",
        "closes this account (rent to the owner): the owner ends with exactly what",
        "`liquidate` would have paid, in a second transaction.",
        "",
        "`market` and `owner` sit where a `Position` has them (offsets 8 and 40) and the",
        "account keeps the position's size, so the rewrite needs no reallocation; the",
        "discriminator differs, so no position instruction accepts it."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "The liquidated position's id (its account's address is this account's)."
            ],
            "type": "u64"
          },
          {
            "name": "amount",
            "docs": [
              "Collateral atoms owed to the owner (may be 0: the rent is still theirs)."
            ],
            "type": "u64"
          },
          {
            "name": "liquidatedAt",
            "type": "i64"
          },
          {
            "name": "reserved",
            "docs": [
              "Zero: the position's account size."
            ],
            "type": {
              "array": [
                "u64",
                9
              ]
            }
          }
        ]
      }
    },
    {
      "name": "lpDeposited",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "depositor",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "shares",
            "type": "u64"
          },
          {
            "name": "poolValue",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "lpWithdrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "withdrawer",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u64"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "poolValue",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "market",
      "docs": [
        "One leveraged market over one collateral token and one oracle feed.",
        "",
        "The vault holds every atom that belongs to the market; internal accounting splits",
        "it into five buckets. Anyone can send tokens to the vault, so the invariant is",
        "vault balance >= collateral_total + pool_liquidity + insurance_fund + fees_collected",
        "+ pending_payouts,",
        "and each instruction moves the vault by exactly its bucket change (the surplus over",
        "the buckets is unchanged until `sweep_surplus` credits it to the insurance fund).",
        "",
        "Zero-copy (`#[repr(C)]`, read and written in place): borsh would decode all 440",
        "bytes on load and encode them again on exit, ~3 600 CU per instruction on SBF.",
        "Fields are ordered so the layout has no padding (the size assert below)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "type": "pubkey"
          },
          {
            "name": "lpMint",
            "type": "pubkey"
          },
          {
            "name": "oracleFeed",
            "docs": [
              "Pull: the feed id; legacy: the price account's address."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          },
          {
            "name": "longInterest",
            "type": {
              "defined": {
                "name": "openInterest"
              }
            }
          },
          {
            "name": "shortInterest",
            "type": {
              "defined": {
                "name": "openInterest"
              }
            }
          },
          {
            "name": "borrowIndex",
            "docs": [
              "Cumulative borrow fee per unit of notional (1e18)."
            ],
            "type": {
              "defined": {
                "name": "storedU128"
              }
            }
          },
          {
            "name": "borrowIndexUpdatedAt",
            "type": "i64"
          },
          {
            "name": "collateralTotal",
            "docs": [
              "Bucket: traders' collateral."
            ],
            "type": "u64"
          },
          {
            "name": "poolLiquidity",
            "docs": [
              "Bucket: LP liquidity, the counterparty of every position."
            ],
            "type": "u64"
          },
          {
            "name": "insuranceFund",
            "docs": [
              "Bucket: insurance fund (liquidation penalties), pays bad debt first."
            ],
            "type": "u64"
          },
          {
            "name": "feesCollected",
            "docs": [
              "Bucket: open and close fees."
            ],
            "type": "u64"
          },
          {
            "name": "badDebtInsuredTotal",
            "docs": [
              "Bad debt paid by the insurance fund, cumulative."
            ],
            "type": "u64"
          },
          {
            "name": "badDebtSocializedTotal",
            "docs": [
              "Bad debt socialized to the pool, cumulative."
            ],
            "type": "u64"
          },
          {
            "name": "openPositions",
            "type": "u64"
          },
          {
            "name": "lastPricePublishTime",
            "docs": [
              "Publish time of the newest oracle price this market has used; older prices are",
              "refused, so nobody can pick a favourable update from the staleness window."
            ],
            "type": "i64"
          },
          {
            "name": "lastRiskIncreaseAt",
            "docs": [
              "When mmr or the EMA band was last raised while positions were open."
            ],
            "type": "i64"
          },
          {
            "name": "priceWindowStart",
            "docs": [
              "The spot prices this market used within the current window of `min_hold_secs`",
              "(of publish time): the window's first publish time, the lowest and highest",
              "mantissa, and their exponent. LP actions value each side at the worst of these",
              "for the acting LP, so an LP round trip across updates cannot pay."
            ],
            "type": "i64"
          },
          {
            "name": "priceWindowLow",
            "type": "i64"
          },
          {
            "name": "priceWindowHigh",
            "type": "i64"
          },
          {
            "name": "priceWindowExpo",
            "type": "i32"
          },
          {
            "name": "index",
            "type": "u16"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          },
          {
            "name": "lpMintBump",
            "type": "u8"
          },
          {
            "name": "oracleSource",
            "docs": [
              "`OracleSource::to_stored`."
            ],
            "type": "u8"
          },
          {
            "name": "collateralDecimals",
            "type": "u8"
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "padding",
            "docs": [
              "Zero: aligns `pending_payouts` to 8 bytes."
            ],
            "type": "u32"
          },
          {
            "name": "pendingPayouts",
            "docs": [
              "Bucket: what full liquidations in a batch owe the positions' owners until they",
              "claim it (`claim_payout`). Zero in markets created before it existed (it was",
              "`reserved`)."
            ],
            "type": "u64"
          },
          {
            "name": "reserved",
            "docs": [
              "Zero; room for new fields."
            ],
            "type": {
              "array": [
                "u32",
                6
              ]
            }
          }
        ]
      }
    },
    {
      "name": "marketCreated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "index",
            "type": "u16"
          },
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "oracleSource",
            "type": {
              "defined": {
                "name": "oracleSource"
              }
            }
          },
          {
            "name": "oracleFeed",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "baseDecimals",
            "type": "u8"
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "marketParams",
      "docs": [
        "A market's risk parameters as stored and as passed to create/update. Bounds are",
        "checked by `lever_math::RiskParams::validate` (README, \"Parameters\").",
        "",
        "Stored in place in the zero-copy `Market` and passed as an instruction argument: the",
        "fields are ordered widest first, so the `#[repr(C)]` layout has no padding and its",
        "bytes are exactly the borsh encoding (the IDL describes it once, as bytemuck)."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "minPositionNotional",
            "type": "u64"
          },
          {
            "name": "maxOpenInterest",
            "type": "u64"
          },
          {
            "name": "bankruptKeeperFee",
            "type": "u64"
          },
          {
            "name": "maxStalenessSecs",
            "type": "u32"
          },
          {
            "name": "borrowRateBpsPerHour",
            "type": "u32"
          },
          {
            "name": "maxTradePriceAgeSecs",
            "type": "u32"
          },
          {
            "name": "maxLiquidationPriceAgeSecs",
            "type": "u32"
          },
          {
            "name": "minHoldSecs",
            "type": "u32"
          },
          {
            "name": "imrBps",
            "type": "u16"
          },
          {
            "name": "mmrBps",
            "type": "u16"
          },
          {
            "name": "liquidationPenaltyBps",
            "type": "u16"
          },
          {
            "name": "keeperShareBps",
            "type": "u16"
          },
          {
            "name": "liquidationBufferBps",
            "type": "u16"
          },
          {
            "name": "emaBandBps",
            "type": "u16"
          },
          {
            "name": "maxConfBps",
            "type": "u16"
          },
          {
            "name": "openFeeBps",
            "type": "u16"
          },
          {
            "name": "closeFeeBps",
            "type": "u16"
          },
          {
            "name": "maxUtilizationBps",
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "marketParamsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "previous",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "openInterest",
      "docs": [
        "Aggregate open interest of one side: O(1) pool PnL."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "collateral",
            "docs": [
              "Collateral the side's positions hold: the most the side's losses can pay."
            ],
            "type": "u64"
          },
          {
            "name": "size",
            "docs": [
              "Sum of sizes, base atoms."
            ],
            "type": {
              "defined": {
                "name": "storedU128"
              }
            }
          },
          {
            "name": "entryValue",
            "docs": [
              "Sum of size * entry_price (unscaled)."
            ],
            "type": {
              "defined": {
                "name": "storedU128"
              }
            }
          }
        ]
      }
    },
    {
      "name": "oracleSource",
      "docs": [
        "Which Pyth format a market reads."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "pythPull"
          },
          {
            "name": "pythLegacy"
          }
        ]
      }
    },
    {
      "name": "pauseFlagsSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "previousFlags",
            "type": "u16"
          },
          {
            "name": "flags",
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "payoutClaimed",
      "docs": [
        "`claim_payout`: what a full liquidation in a batch owed the owner, paid."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "docs": [
              "The liquidated position's (and payout's) account."
            ],
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "poolRecapitalized",
      "docs": [
        "Liquidity added to the pool without minting shares (a rescue when traders' profits",
        "exceed what the pool can value)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "funder",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "poolLiquidity",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "position",
      "docs": [
        "A leveraged position. Closed (rent to the owner) when fully closed or liquidated.",
        "",
        "Zero-copy like `Market` (no borsh decode on load nor encode on exit). `market` and",
        "`owner` come first, at offsets 8 and 40 of the account, where `getProgramAccounts`",
        "filters find them."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "positionId",
            "docs": [
              "Owner-chosen id; part of the seeds, so one owner can hold several positions."
            ],
            "type": "u64"
          },
          {
            "name": "size",
            "docs": [
              "Base atoms."
            ],
            "type": "u64"
          },
          {
            "name": "collateral",
            "docs": [
              "Collateral atoms credited to the position."
            ],
            "type": "u64"
          },
          {
            "name": "openedAt",
            "type": "i64"
          },
          {
            "name": "openedSlot",
            "type": "u64"
          },
          {
            "name": "entryPublishTime",
            "docs": [
              "Publish time of the oracle price the position was opened at: exits priced less",
              "than `min_hold_secs` after it realize losses only."
            ],
            "type": "i64"
          },
          {
            "name": "updatedAt",
            "type": "i64"
          },
          {
            "name": "entryPrice",
            "docs": [
              "Internal price (collateral atoms per base atom, 1e12)."
            ],
            "type": {
              "defined": {
                "name": "storedU128"
              }
            }
          },
          {
            "name": "borrowIndexSnapshot",
            "docs": [
              "The market's borrow index when fees were last settled (at open, or at a reduce",
              "or partial liquidation)."
            ],
            "type": {
              "defined": {
                "name": "storedU128"
              }
            }
          },
          {
            "name": "side",
            "docs": [
              "`Side::to_stored`."
            ],
            "type": "u8"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "reserved",
            "type": {
              "array": [
                "u8",
                6
              ]
            }
          }
        ]
      }
    },
    {
      "name": "positionClosed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "price",
            "type": "u128"
          },
          {
            "name": "pnl",
            "type": "i128"
          },
          {
            "name": "borrowFees",
            "type": "u64"
          },
          {
            "name": "closeFee",
            "type": "u64"
          },
          {
            "name": "payout",
            "type": "u64"
          },
          {
            "name": "badDebt",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "positionHealth",
      "docs": [
        "What `position_health` returns (borsh, as return data). Layout in the README,",
        "\"Integrating: position_health\"."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "markPrice",
            "docs": [
              "Liquidation mark used (internal price, 1e12)."
            ],
            "type": "u128"
          },
          {
            "name": "notional",
            "docs": [
              "Notional at the mark, collateral atoms."
            ],
            "type": "u128"
          },
          {
            "name": "equity",
            "docs": [
              "E = collateral + PnL - accrued fees."
            ],
            "type": "i128"
          },
          {
            "name": "accruedFees",
            "type": "u64"
          },
          {
            "name": "maintenanceRequirement",
            "docs": [
              "mmr N."
            ],
            "type": "u128"
          },
          {
            "name": "marginRatioBps",
            "docs": [
              "floor(E / N) in bps."
            ],
            "type": "i64"
          },
          {
            "name": "liquidationPrice",
            "docs": [
              "Mark at which E = MM; 0 when no positive price liquidates the position."
            ],
            "type": "u128"
          },
          {
            "name": "liquidatable",
            "type": "bool"
          },
          {
            "name": "liquidationSize",
            "docs": [
              "Base atoms `liquidate` would close now (0 when healthy)."
            ],
            "type": "u64"
          },
          {
            "name": "liquidationIsPartial",
            "type": "bool"
          }
        ]
      }
    },
    {
      "name": "positionLiquidated",
      "docs": [
        "A liquidation, with the oracle read it was priced on. Also the return data of",
        "`liquidate`, so a keeper reads its result without parsing logs."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "keeper",
            "type": "pubkey"
          },
          {
            "name": "side",
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "partial",
            "type": "bool"
          },
          {
            "name": "closedSize",
            "type": "u64"
          },
          {
            "name": "remainingSize",
            "type": "u64"
          },
          {
            "name": "markPrice",
            "docs": [
              "The liquidation mark (internal price, 1e12)."
            ],
            "type": "u128"
          },
          {
            "name": "oraclePrice",
            "type": "i64"
          },
          {
            "name": "oracleConf",
            "type": "u64"
          },
          {
            "name": "oracleEmaPrice",
            "type": "i64"
          },
          {
            "name": "oracleExpo",
            "type": "i32"
          },
          {
            "name": "oraclePublishTime",
            "type": "i64"
          },
          {
            "name": "oracleFeedId",
            "docs": [
              "Pull: the feed id; legacy: the price account's address."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "equityBefore",
            "docs": [
              "Equity at the mark before, and of what remains after (0 when closed in full)."
            ],
            "type": "i128"
          },
          {
            "name": "equityAfter",
            "type": "i128"
          },
          {
            "name": "penalty",
            "type": "u64"
          },
          {
            "name": "keeperReward",
            "type": "u64"
          },
          {
            "name": "insuranceFee",
            "type": "u64"
          },
          {
            "name": "badDebt",
            "docs": [
              "Equity below zero at a full liquidation."
            ],
            "type": "u64"
          },
          {
            "name": "badDebtFromInsurance",
            "type": "u64"
          },
          {
            "name": "badDebtSocialized",
            "type": "u64"
          },
          {
            "name": "ownerPayout",
            "docs": [
              "Remaining equity paid to the owner after a full liquidation."
            ],
            "type": "u64"
          },
          {
            "name": "bankruptKeeperFee",
            "docs": [
              "Fixed fee paid to the keeper for a bankrupt position (E <= 0), on top of",
              "`keeper_reward`: from the insurance fund first, then the pool. The keeper also",
              "receives the position account's rent then."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "positionOpened",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "side",
            "type": {
              "defined": {
                "name": "side"
              }
            }
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "entryPrice",
            "type": "u128"
          },
          {
            "name": "collateral",
            "type": "u64"
          },
          {
            "name": "openFee",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "positionReduced",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "closedSize",
            "type": "u64"
          },
          {
            "name": "remainingSize",
            "type": "u64"
          },
          {
            "name": "price",
            "type": "u128"
          },
          {
            "name": "realizedPnl",
            "type": "i128"
          },
          {
            "name": "borrowFees",
            "type": "u64"
          },
          {
            "name": "closeFee",
            "type": "u64"
          },
          {
            "name": "collateral",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "side",
      "docs": [
        "Long or short."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "long"
          },
          {
            "name": "short"
          }
        ]
      }
    },
    {
      "name": "storedU128",
      "docs": [
        "A u128 stored as 16 little-endian bytes. Zero-copy accounts sit at 8-byte aligned",
        "addresses in the VM's input, and u128 is 16-byte aligned, so a plain u128 field",
        "could not be borrowed in place."
      ],
      "serialization": "bytemuck",
      "repr": {
        "kind": "c"
      },
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "leBytes",
            "type": {
              "array": [
                "u8",
                16
              ]
            }
          }
        ]
      }
    },
    {
      "name": "surplusSwept",
      "docs": [
        "Tokens sent to the vault outside the program, credited to the insurance fund."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "insuranceFund",
            "type": "u64"
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "all",
      "docs": [
        "Every defined pause bit; others are refused."
      ],
      "type": "u16",
      "value": "127"
    },
    {
      "name": "borrowIndexPrecision",
      "docs": [
        "Precision of the borrow index: fee per unit of notional x 1e18."
      ],
      "type": "u128",
      "value": "1000000000000000000"
    },
    {
      "name": "bpsDenominator",
      "docs": [
        "Basis points in one: rates and ratios are in bps."
      ],
      "type": "u128",
      "value": "10000"
    },
    {
      "name": "configAddress",
      "docs": [
        "The config PDA's address, derived once here (a test re-derives it): instructions",
        "pin the config with `address = CONFIG_ADDRESS`, a 32-byte comparison, instead of",
        "re-deriving the PDA on every call (`create_program_address`, 1 500 CU)."
      ],
      "type": "pubkey",
      "value": "9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c"
    },
    {
      "name": "configSeed",
      "docs": [
        "Config PDA: `[CONFIG_SEED]`, one per deployment."
      ],
      "type": "bytes",
      "value": "[99, 111, 110, 102, 105, 103]"
    },
    {
      "name": "depositCollateral",
      "docs": [
        "Pause bit: `deposit_collateral`."
      ],
      "type": "u16",
      "value": "2"
    },
    {
      "name": "liquidate",
      "docs": [
        "Pause bit: `liquidate`."
      ],
      "type": "u16",
      "value": "64"
    },
    {
      "name": "lpDeposit",
      "docs": [
        "Pause bit: `lp_deposit` and `recapitalize_pool`."
      ],
      "type": "u16",
      "value": "16"
    },
    {
      "name": "lpMintSeed",
      "docs": [
        "LP share mint PDA: `[LP_MINT_SEED, market]`; authority: the market PDA."
      ],
      "type": "bytes",
      "value": "[108, 112, 95, 109, 105, 110, 116]"
    },
    {
      "name": "lpWithdraw",
      "docs": [
        "Pause bit: `lp_withdraw`."
      ],
      "type": "u16",
      "value": "32"
    },
    {
      "name": "marketSeed",
      "docs": [
        "Market PDA: `[MARKET_SEED, market_index (u16 LE)]`."
      ],
      "type": "bytes",
      "value": "[109, 97, 114, 107, 101, 116]"
    },
    {
      "name": "openPosition",
      "docs": [
        "Pause bit: `open_position`."
      ],
      "type": "u16",
      "value": "1"
    },
    {
      "name": "positionSeed",
      "docs": [
        "Position PDA: `[POSITION_SEED, market, owner, position_id (u64 LE)]`."
      ],
      "type": "bytes",
      "value": "[112, 111, 115, 105, 116, 105, 111, 110]"
    },
    {
      "name": "pricePrecision",
      "docs": [
        "Precision of internal prices: collateral atoms per base atom x 1e12 (expo -12)."
      ],
      "type": "u128",
      "value": "1000000000000"
    },
    {
      "name": "reducePosition",
      "docs": [
        "Pause bit: `reduce_position` and `close_position`."
      ],
      "type": "u16",
      "value": "8"
    },
    {
      "name": "vaultSeed",
      "docs": [
        "Vault token account PDA: `[VAULT_SEED, market]`; authority: the market PDA."
      ],
      "type": "bytes",
      "value": "[118, 97, 117, 108, 116]"
    },
    {
      "name": "withdrawCollateral",
      "docs": [
        "Pause bit: `withdraw_collateral`."
      ],
      "type": "u16",
      "value": "4"
    }
  ]
};
