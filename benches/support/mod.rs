//! What the decoding benchmarks share: the `comments` rows they decode, and the
//! hand-written decode of one such row.
#![allow(dead_code)] // each bench that includes this module uses part of it

use blog::schema::Comment;

/// How many `comments` rows [`comment_rows`] seeds and fetches.
pub const COMMENT_ROWS: i32 = 10_000;

/// The columns [`comment_by_hand`] reads, in the generated `Comment`'s order.
pub const COMMENT_COLUMNS: &str = "id, post_id, author_id, body, parent_id, created_at";

/// A `comments` row decoded by hand with tokio-postgres's `Row::get`.
#[inline(always)]
pub fn comment_by_hand(r: &tokio_postgres::Row) -> Comment {
    Comment {
        id: r.get(0),
        post_id: r.get(1),
        author_id: r.get(2),
        body: r.get(3),
        parent_id: r.get(4),
        created_at: r.get(5),
    }
}

/// Seeds a fresh blog database with one user, one post and [`COMMENT_ROWS`] comments on
/// it (every other one a reply, so `parent_id` is half NULL), and fetches them.
pub async fn comment_rows(client: &tokio_postgres::Client) -> Vec<tokio_postgres::Row> {
    client
        .batch_execute(&format!(
            "INSERT INTO users (name, email) VALUES ('u', 'u@bench.test');
             INSERT INTO posts (title, slug, author_id) VALUES ('t', 's', 1);
             INSERT INTO comments (post_id, author_id, body, parent_id)
                 SELECT 1, 1, 'comment ' || i, NULLIF(i % 2, 0) FROM generate_series(1, {COMMENT_ROWS}) AS i;"
        ))
        .await
        .unwrap();
    client.query(&format!("SELECT {COMMENT_COLUMNS} FROM comments ORDER BY id"), &[]).await.unwrap()
}
