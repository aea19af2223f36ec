// Comparing an integer column with a string.
use blog::schema::users;
use sleet::prelude::*;

fn main() {
    let _ = from(users::table).filter(users::id.eq("1"));
}
