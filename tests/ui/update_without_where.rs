// An UPDATE without a WHERE runs only with an explicit `.all_rows()`.
use blog::schema::{users, UserPatch};
use sleet::prelude::*;

async fn demote(db: &sleet::Db<tokio_postgres::Client>) -> sleet::Result<u64> {
    db.execute(&update(users::table).set(UserPatch::default().bio("x".to_string()))).await
}

fn main() {
    let _ = demote;
}
