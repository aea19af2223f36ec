//! Generates `generated/schema.rs` from `schema.sql`, with the settings in `sleet.toml`
//! (which `sleet generate` reads too); CI sets `SLEET_CHECK=1` so a stale committed
//! file fails the build instead of being rewritten.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    sleet_codegen::Config::from_file("sleet.toml")?.generate()?;
    Ok(())
}
