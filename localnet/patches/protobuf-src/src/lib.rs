//! protoc's location for build scripts (see Cargo.toml).

use std::path::PathBuf;

/// The protoc binary: `$PROTOC` at build time, else Debian's.
pub fn protoc() -> PathBuf {
    PathBuf::from(env!("LEVER_PROTOC"))
}

/// Well-known .proto includes, where Debian's libprotobuf-dev puts them.
pub fn include() -> PathBuf {
    PathBuf::from("/usr/include")
}
