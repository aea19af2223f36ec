// `users.bio` is nullable: its values decode as Option<String>, never String.
use blog::schema::users;
use sleet::prelude::*;

async fn bios(db: &sleet::Db<tokio_postgres::Client>) -> sleet::Result<Vec<String>> {
    db.all(&select(users::bio).from(users::table)).await
}

fn main() {
    let _ = bios;
}
