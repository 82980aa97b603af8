//! Connection settings the way Solana users expect them: `--url` takes the Solana CLI's
//! monikers (`localhost`, `devnet`, `testnet`, `mainnet-beta` and their first letters)
//! or a URL; what is not given on the command line comes from the Solana CLI's config
//! file (`~/.config/solana/cli/config.yml`) when present, then from the defaults.

use std::path::{Path, PathBuf};

use solana_keypair::Keypair;

/// Why the connection settings cannot be used. Nothing is sent when one occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

/// The JSON-RPC URL for a `--url` value: a moniker or an `http(s)://` URL.
pub fn rpc_url(value: &str) -> Result<String, SettingsError> {
    let url = match value {
        "l" | "localhost" => "http://127.0.0.1:8899",
        "d" | "devnet" => "https://api.devnet.solana.com",
        "t" | "testnet" => "https://api.testnet.solana.com",
        "m" | "mainnet-beta" => "https://api.mainnet-beta.solana.com",
        other if other.starts_with("http://") || other.starts_with("https://") => other,
        other => {
            return Err(SettingsError(format!(
                "--url {other:?}: expected localhost, devnet, testnet, mainnet-beta (or l, d, t, m) or an http(s):// URL"
            )))
        }
    };
    Ok(url.to_owned())
}

/// The websocket URL the Solana CLI derives from an RPC URL: `ws(s)://`, and on a
/// non-default port the port plus one (the validator serves websockets there).
pub fn websocket_url(rpc_url: &str) -> Result<String, SettingsError> {
    let (scheme, rest) = if let Some(rest) = rpc_url.strip_prefix("https://") {
        ("wss://", rest)
    } else if let Some(rest) = rpc_url.strip_prefix("http://") {
        ("ws://", rest)
    } else {
        return Err(SettingsError(format!(
            "{rpc_url:?} is not an http(s):// URL"
        )));
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let authority = match authority.rsplit_once(':') {
        // host:port (an IPv6 literal's last ':' is inside its brackets: no port then).
        Some((host, port)) if !port.ends_with(']') => {
            let port: u16 = port.parse().map_err(|_| {
                SettingsError(format!("{rpc_url:?}: port {port:?} is not a number"))
            })?;
            let next = port.checked_add(1).ok_or_else(|| {
                SettingsError(format!("{rpc_url:?}: port {port} has no next port"))
            })?;
            format!("{host}:{next}")
        }
        _ => authority.to_owned(),
    };
    Ok(format!("{scheme}{authority}{path}"))
}

/// The settings of the Solana CLI's config file that lever reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CliConfig {
    pub json_rpc_url: Option<String>,
    pub websocket_url: Option<String>,
    pub keypair_path: Option<String>,
}

impl CliConfig {
    /// Where the Solana CLI keeps its config: `$HOME/.config/solana/cli/config.yml`.
    pub fn default_path() -> Option<PathBuf> {
        std::env::var_os("HOME").map(|home| Path::new(&home).join(".config/solana/cli/config.yml"))
    }

    /// Reads the config file at `path`; an absent file is an empty config (the Solana
    /// CLI's own behaviour), an unreadable one an error.
    pub fn load(path: &Path) -> Result<CliConfig, SettingsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(CliConfig::parse(&text)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(CliConfig::default()),
            Err(error) => Err(SettingsError(format!("{}: {error}", path.display()))),
        }
    }

    /// The file is YAML written by the Solana CLI: one `key: value` per line at the top
    /// level, values optionally quoted. Only those scalar lines are read.
    pub fn parse(text: &str) -> CliConfig {
        let mut config = CliConfig::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if line.starts_with(char::is_whitespace) {
                continue;
            }
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            if value.is_empty() {
                continue;
            }
            let slot = match key.trim() {
                "json_rpc_url" => &mut config.json_rpc_url,
                "websocket_url" => &mut config.websocket_url,
                "keypair_path" => &mut config.keypair_path,
                _ => continue,
            };
            *slot = Some(value.to_owned());
        }
        config
    }
}

/// The public clusters by genesis hash (`getGenesisHash`).
pub const GENESIS_HASHES: [(&str, &str); 3] = [
    (
        "mainnet-beta",
        "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
    ),
    ("devnet", "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"),
    ("testnet", "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY"),
];

/// The cluster a genesis hash belongs to: a public one, else `localnet` (any other
/// validator: a local or private cluster).
pub fn cluster_of_genesis(genesis_hash: &str) -> &'static str {
    GENESIS_HASHES
        .iter()
        .find(|(_, hash)| *hash == genesis_hash)
        .map_or("localnet", |(name, _)| *name)
}

/// Refuses a cluster file meant for another cluster than the one `genesis_hash`
/// identifies (a devnet file against mainnet-beta, a localnet file against devnet...).
pub fn check_file_cluster(file_cluster: &str, genesis_hash: &str) -> Result<(), SettingsError> {
    let actual = cluster_of_genesis(genesis_hash);
    if file_cluster == actual {
        Ok(())
    } else {
        Err(SettingsError(format!(
            "the file is for {file_cluster}, but the cluster is {actual} (genesis {genesis_hash}); nothing was sent"
        )))
    }
}

/// Where to connect and who signs, resolved from the flags and the CLI config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub rpc_url: String,
    pub websocket_url: String,
    pub keypair_path: PathBuf,
}

impl Settings {
    /// Flags first, then the config file, then the Solana CLI's defaults (localhost and
    /// `~/.config/solana/id.json`).
    pub fn resolve(
        url: Option<&str>,
        keypair: Option<&Path>,
        config: &CliConfig,
    ) -> Result<Settings, SettingsError> {
        let rpc_url = match (url, &config.json_rpc_url) {
            (Some(flag), _) => rpc_url(flag)?,
            (None, Some(from_config)) => rpc_url(from_config)?,
            (None, None) => rpc_url("localhost")?,
        };
        let websocket_url = match (url, &config.websocket_url) {
            (None, Some(from_config)) => from_config.clone(),
            _ => websocket_url(&rpc_url)?,
        };
        let keypair_path = match (keypair, &config.keypair_path) {
            (Some(flag), _) => flag.to_path_buf(),
            (None, Some(from_config)) => PathBuf::from(from_config),
            (None, None) => std::env::var_os("HOME")
                .map(|home| Path::new(&home).join(".config/solana/id.json"))
                .ok_or_else(|| {
                    SettingsError("no --keypair and no HOME to find the default".into())
                })?,
        };
        Ok(Settings {
            rpc_url,
            websocket_url,
            keypair_path,
        })
    }
}

/// The keypair in `path`, created there (the Solana CLI's format) on first use: the
/// demo's wallets, a deploy's buffer, kept so a second run finds them.
pub fn kept_keypair(path: &Path) -> Result<Keypair, SettingsError> {
    if path.exists() {
        return read_keypair(path);
    }
    let keypair = Keypair::new();
    let bytes = serde_json::to_string(&keypair.to_bytes().to_vec())
        .map_err(|error| SettingsError(format!("keypair {}: {error}", path.display())))?;
    std::fs::write(path, bytes)
        .map_err(|error| SettingsError(format!("keypair {}: {error}", path.display())))?;
    Ok(keypair)
}

/// Reads a keypair file in the Solana CLI's format (a JSON array of 64 bytes).
pub fn read_keypair(path: &Path) -> Result<Keypair, SettingsError> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| SettingsError(format!("keypair {}: {error}", path.display())))?;
    let bytes: Vec<u8> = serde_json::from_str(&text).map_err(|error| {
        SettingsError(format!(
            "keypair {}: not a JSON array of bytes ({error})",
            path.display()
        ))
    })?;
    Keypair::try_from(bytes.as_slice()).map_err(|error| {
        SettingsError(format!(
            "keypair {}: not a 64-byte keypair ({error})",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use solana_signer::Signer;

    #[test]
    fn monikers_and_urls() {
        assert_eq!(rpc_url("l").unwrap(), "http://127.0.0.1:8899");
        assert_eq!(rpc_url("devnet").unwrap(), "https://api.devnet.solana.com");
        assert_eq!(rpc_url("m").unwrap(), "https://api.mainnet-beta.solana.com");
        assert_eq!(
            rpc_url("https://rpc.example:443/key").unwrap(),
            "https://rpc.example:443/key"
        );
        let refused = rpc_url("mainnet").unwrap_err();
        assert!(refused.0.contains("mainnet-beta"), "{refused}");
    }

    #[test]
    fn websocket_url_follows_the_solana_cli() {
        assert_eq!(
            websocket_url("http://127.0.0.1:8899").unwrap(),
            "ws://127.0.0.1:8900"
        );
        assert_eq!(
            websocket_url("https://api.devnet.solana.com").unwrap(),
            "wss://api.devnet.solana.com"
        );
        assert_eq!(
            websocket_url("https://rpc.example:8899/abc").unwrap(),
            "wss://rpc.example:8900/abc"
        );
        assert!(websocket_url("ftp://x").is_err());
        assert!(websocket_url("http://host:65535").is_err());
    }

    #[test]
    fn the_cli_config_file_is_read() {
        let text = "---\njson_rpc_url: \"https://api.devnet.solana.com\"\nwebsocket_url: ''\nkeypair_path: /home/op/.config/solana/ops.json\naddress_labels:\n  \"11111111111111111111111111111111\": System Program\ncommitment: confirmed\n";
        let config = CliConfig::parse(text);
        assert_eq!(
            config.json_rpc_url.as_deref(),
            Some("https://api.devnet.solana.com")
        );
        assert_eq!(config.websocket_url, None);
        assert_eq!(
            config.keypair_path.as_deref(),
            Some("/home/op/.config/solana/ops.json")
        );
        let missing = CliConfig::load(Path::new("/nonexistent/config.yml")).unwrap();
        assert_eq!(missing, CliConfig::default());
    }

    #[test]
    fn flags_override_the_config_which_overrides_defaults() {
        let config = CliConfig {
            json_rpc_url: Some("https://api.devnet.solana.com".into()),
            websocket_url: None,
            keypair_path: Some("/keys/ops.json".into()),
        };
        let from_config = Settings::resolve(None, None, &config).unwrap();
        assert_eq!(from_config.rpc_url, "https://api.devnet.solana.com");
        assert_eq!(from_config.websocket_url, "wss://api.devnet.solana.com");
        assert_eq!(from_config.keypair_path, PathBuf::from("/keys/ops.json"));
        let from_flags =
            Settings::resolve(Some("l"), Some(Path::new("/keys/local.json")), &config).unwrap();
        assert_eq!(from_flags.rpc_url, "http://127.0.0.1:8899");
        assert_eq!(from_flags.websocket_url, "ws://127.0.0.1:8900");
        assert_eq!(from_flags.keypair_path, PathBuf::from("/keys/local.json"));
        assert!(Settings::resolve(Some("nowhere"), None, &config).is_err());
    }

    #[test]
    fn keypair_files_are_checked() {
        let dir = std::env::temp_dir().join(format!("lever-ops-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        let keypair = Keypair::new();
        std::fs::write(
            &good,
            serde_json::to_string(&keypair.to_bytes().to_vec()).unwrap(),
        )
        .unwrap();
        assert_eq!(read_keypair(&good).unwrap().to_bytes(), keypair.to_bytes());
        let short = dir.join("short.json");
        std::fs::write(&short, "[1, 2, 3]").unwrap();
        assert!(read_keypair(&short).unwrap_err().0.contains("64-byte"));
        let garbage = dir.join("garbage.json");
        std::fs::write(&garbage, "not json").unwrap();
        assert!(read_keypair(&garbage).unwrap_err().0.contains("JSON array"));
        assert!(read_keypair(&dir.join("absent.json")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_runs_only_against_its_cluster() {
        let devnet = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG";
        let local = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
        assert_eq!(cluster_of_genesis(devnet), "devnet");
        assert_eq!(cluster_of_genesis(local), "localnet");
        assert!(check_file_cluster("devnet", devnet).is_ok());
        assert!(check_file_cluster("localnet", local).is_ok());
        let wrong = check_file_cluster("mainnet-beta", devnet).unwrap_err();
        assert!(
            wrong
                .0
                .contains("for mainnet-beta, but the cluster is devnet"),
            "{wrong}"
        );
        assert!(check_file_cluster("localnet", devnet).is_err());
        assert!(check_file_cluster("devnet", local).is_err());
    }

    #[test]
    fn a_kept_keypair_is_created_once_then_read_back() {
        let path = std::env::temp_dir().join(format!("lever-kept-{}.json", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let created = kept_keypair(&path).unwrap();
        let read = kept_keypair(&path).unwrap();
        assert_eq!(created.pubkey(), read.pubkey());
        std::fs::write(&path, "[1, 2, 3]").unwrap();
        assert!(
            kept_keypair(&path).is_err(),
            "a malformed file is not replaced"
        );
        let _ = std::fs::remove_file(&path);
    }
}
