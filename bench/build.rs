//! Generates the sleet schema module from `schema.sql`, as a user's build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    sleet_codegen::Config::new().schema("schema.sql").out_dir("generated").generate()?;
    Ok(())
}
