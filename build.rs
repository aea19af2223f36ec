//! Generates `generated/schema.rs` from `schema.sql`; CI sets `SLEET_CHECK=1` so a
//! stale committed file fails the build instead of being rewritten.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    sleet_codegen::Config::new().schema("schema.sql").out_dir("generated").generate()?;
    Ok(())
}
