// INSERT … SELECT checks the query's row type against the target columns: a nullable
// `bio` cannot fill the NOT NULL `tags.name`.
use blog::schema::{tags, users};
use sleet::prelude::*;

fn main() {
    let _ = insert(tags::table).select(tags::name, select(users::bio).from(users::table));
}
