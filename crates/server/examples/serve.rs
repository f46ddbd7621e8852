//! Runs the server without the CLI: `cargo run -p storyline-server --example serve -- DB [ADDR]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        eprintln!("usage: serve DB [ADDR]");
        std::process::exit(2);
    };
    let mut cfg = storyline_server::ServeConfig::new(db);
    if let Some(addr) = args.next() {
        cfg.listen = addr.parse().unwrap_or_else(|e| {
            eprintln!("serve: bad address {addr:?}: {e}");
            std::process::exit(2);
        });
    }
    if let Err(e) = storyline_server::run(cfg) {
        eprintln!("serve: {e}");
        std::process::exit(1);
    }
}
