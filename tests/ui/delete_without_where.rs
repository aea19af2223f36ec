// A DELETE without a WHERE runs only with an explicit `.all_rows()`.
use blog::schema::users;
use sleet::prelude::*;

async fn wipe(db: &sleet::Db<tokio_postgres::Client>) -> sleet::Result<u64> {
    db.execute(&delete(users::table)).await
}

fn main() {
    let _ = wipe;
}
