fn main() {
    let protoc = std::env::var("PROTOC").unwrap_or_else(|_| "/usr/bin/protoc".to_owned());
    println!("cargo:rustc-env=LEVER_PROTOC={protoc}");
    println!("cargo:rerun-if-env-changed=PROTOC");
}
