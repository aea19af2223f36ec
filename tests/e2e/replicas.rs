//! Read replicas against a real streaming replica: a cluster of the test's own as the
//! primary, and `pg_basebackup -R` of it on another port, made to lag (its WAL applied
//! four seconds late) so that which server answered shows in what a read sees.

use blog::schema::{posts, users, NewUser, User};
use sleet::exec::{ReadYourWrites, Replicated};
use sleet::prelude::*;
use sleet::Db;
use sleet_test_support::Cluster;

/// How late the replica applies the primary's changes.
const LAG: &str = "recovery_min_apply_delay = '4s'";

/// The demo's schema and seed on a new primary, and a lagging replica of it.
async fn primary_and_replica() -> (Cluster, Cluster) {
    let primary = tokio::task::spawn_blocking(|| Cluster::start(|_| Ok(()))).await.unwrap().unwrap();
    let admin = sleet_test_support::connect(&primary.url("postgres", "")).await.unwrap();
    admin.batch_execute("CREATE DATABASE blog").await.unwrap();
    let db = Db::new(sleet_test_support::connect(&primary.url("blog", "")).await.unwrap());
    db.client().batch_execute(blog::SCHEMA_SQL).await.unwrap();
    blog::seed::seed(&db).await.unwrap();
    tokio::task::spawn_blocking(move || {
        let replica = Cluster::replica_of(&primary, LAG).unwrap();
        (primary, replica)
    })
    .await
    .unwrap()
}

async fn connect(cluster: &Cluster) -> Db<tokio_postgres::Client> {
    Db::new(sleet_test_support::connect(&cluster.url("blog", "")).await.unwrap())
}

fn names(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.name.as_str()).collect()
}

#[tokio::test]
async fn reads_go_to_the_replica_writes_and_what_follows_them_to_the_primary() {
    let (primary, replica) = primary_and_replica().await;
    let db: Replicated<_> = connect(&primary).await.with_replicas([connect(&replica).await]);
    let all_users = from(users::table).order_by(users::id);

    // A row the replica will not have for a few seconds.
    db.primary().execute(&insert(users::table).values(NewUser::new("Late", "late@example.com"))).await.unwrap();
    let read = db.all(&all_users).await.unwrap();
    assert!(!names(&read).contains(&"Late"), "a read went to the lagging replica: {:?}", names(&read));
    let (seen, _): (Vec<User>, i64) = db
        .session()
        .batch((sleet::exec::batch::all(&all_users), sleet::exec::batch::one(&count_rows(posts::table))))
        .await
        .unwrap();
    assert!(!names(&seen).contains(&"Late"), "a batch of reads went to the replica");
    let nested = db.session().query(users::table).await.with(users::posts()).all().await.unwrap();
    assert!(!nested.iter().any(|u| u.name == "Late"), "a nested read went to the replica");

    // Row locks go to the primary (a standby would refuse them).
    let locked = db.all(&all_users.clone().for_update()).await.unwrap();
    assert!(names(&locked).contains(&"Late"));

    // In a session, reads after a write go to the primary and see it.
    let session = db.session();
    assert!(!names(&session.all(&all_users).await.unwrap()).contains(&"Late"), "before writing: the replica");
    session.execute(&insert(users::table).values(NewUser::new("Mine", "mine@example.com"))).await.unwrap();
    let after = session.all(&all_users).await.unwrap();
    assert!(names(&after).contains(&"Mine") && names(&after).contains(&"Late"), "{:?}", names(&after));
    // Another request's session still reads the replica.
    assert!(!names(&db.all(&all_users).await.unwrap()).contains(&"Mine"));

    // Off: reads stay on the replica and miss the session's own write.
    let (p, r) = (connect(&primary).await, connect(&replica).await);
    let eventual = p.with_replicas([r]).read_your_writes(ReadYourWrites::Off);
    let session = eventual.session();
    session.execute(&insert(users::table).values(NewUser::new("Unseen", "unseen@example.com"))).await.unwrap();
    assert!(!names(&session.all(&all_users).await.unwrap()).contains(&"Unseen"));

    // WaitForReplica: the read waits until the replica has replayed the write.
    let (p, r) = (connect(&primary).await, connect(&replica).await);
    let waiting =
        p.with_replicas([r]).read_your_writes(ReadYourWrites::WaitForReplica(std::time::Duration::from_secs(30)));
    let session = waiting.session();
    session.execute(&insert(users::table).values(NewUser::new("Waited", "waited@example.com"))).await.unwrap();
    let waited = session.all(&all_users).await.unwrap();
    assert!(names(&waited).contains(&"Waited"), "{:?}", names(&waited));
    // Having waited for the write, the replica has every earlier row too.
    assert!(names(&waited).contains(&"Unseen"));

    // Round-robin over two "replicas" (the lagging one and the primary), and a chooser.
    let (p, r, p_as_replica) = (connect(&primary).await, connect(&replica).await, connect(&primary).await);
    let db_rr = p.with_replicas([r, p_as_replica]);
    db.primary().execute(&insert(users::table).values(NewUser::new("Fresh", "fresh@example.com"))).await.unwrap();
    let mut pattern = Vec::new();
    for _ in 0..4 {
        pattern.push(names(&db_rr.all(&all_users).await.unwrap()).contains(&"Fresh"));
    }
    assert_eq!(pattern, [false, true, false, true], "alternating between the two");
    let (p, r, p_as_replica) = (connect(&primary).await, connect(&replica).await, connect(&primary).await);
    let pinned = p.with_replicas([r, p_as_replica]).choose_with(|_| 1);
    assert!(names(&pinned.all(&all_users).await.unwrap()).contains(&"Fresh"));
    drop(primary);
}

#[tokio::test]
async fn a_replica_that_is_down_falls_back_or_fails_clearly() {
    let (primary, replica) = primary_and_replica().await;
    let all_users = from(users::table);
    let falling_back = connect(&primary).await.with_replicas([connect(&replica).await]);
    let strict = connect(&primary).await.with_replicas([connect(&replica).await]).fail_when_replica_down();
    assert!(falling_back.all(&all_users).await.is_ok() && strict.all(&all_users).await.is_ok());

    tokio::task::spawn_blocking(move || replica.stop().map(|()| replica)).await.unwrap().unwrap();
    let users = falling_back.all(&all_users).await.expect("read from the primary instead");
    assert_eq!(users.len(), 4);
    let err = strict.all(&all_users).await.unwrap_err();
    assert!(matches!(err, sleet::Error::ReplicaUnavailable { replica: 1, count: 1, .. }), "{err:?}");
    assert!(err.to_string().starts_with("read replica 1 of 1 cannot be reached"), "{err}");
    // Writes never needed the replica.
    strict.execute(&insert(users::table).values(NewUser::new("Still", "still@example.com"))).await.unwrap();
    drop(primary);
}

#[tokio::test]
async fn the_blocking_executor_routes_the_same_way() {
    let (primary, replica) = primary_and_replica().await;
    let (primary_url, replica_url) = (primary.url("blog", ""), replica.url("blog", ""));
    let replica = std::thread::spawn(move || {
        let primary = sleet::exec::blocking::Db::connect(&primary_url, tokio_postgres::NoTls).unwrap();
        let db = primary.with_replicas([&replica_url], tokio_postgres::NoTls).unwrap();
        let all_users = from(users::table).order_by(users::id);
        db.execute(&insert(users::table).values(NewUser::new("Late", "late@example.com"))).unwrap();
        assert!(!names(&db.all(&all_users).unwrap()).contains(&"Late"), "a read went to the lagging replica");
        let session = db.session();
        session.execute(&insert(users::table).values(NewUser::new("Mine", "mine@example.com"))).unwrap();
        assert!(names(&session.all(&all_users).unwrap()).contains(&"Mine"), "after a write: the primary");
        let nested = db.session().query(users::table).with(users::posts()).all().unwrap();
        assert!(!nested.iter().any(|u| u.name == "Late"), "a nested read went to the replica");
        let after_write = session.query(users::table).with(users::posts()).all().unwrap();
        assert!(after_write.iter().any(|u| u.name == "Mine"), "and after a write to the primary");
        // Down: reads fall back to the primary.
        replica.stop().unwrap();
        assert!(names(&db.all(&all_users).unwrap()).contains(&"Late"));
        replica
    })
    .join()
    .unwrap();
    drop((primary, replica));
}

#[tokio::test]
async fn replicas_on_sqlx_route_the_same_way() {
    use sleet::exec::sqlx::Db as SqlxDb;
    let (primary, replica) = primary_and_replica().await;
    // A pool waits `acquire_timeout` for a server that is down before it says so.
    let pool = |url: String| async move {
        let options = sqlx::postgres::PgPoolOptions::new().max_connections(2);
        options.acquire_timeout(std::time::Duration::from_secs(2)).connect(&url).await.unwrap()
    };
    let db = SqlxDb::new(pool(primary.url("blog", "")).await)
        .with_replicas([SqlxDb::new(pool(replica.url("blog", "")).await)]);
    let all_users = from(users::table).order_by(users::id);
    db.execute(&insert(users::table).values(NewUser::new("Late", "late@example.com"))).await.unwrap();
    assert!(!names(&db.all(&all_users).await.unwrap()).contains(&"Late"), "a read went to the lagging replica");
    let nested = db.session().query(users::table).await.with(users::posts()).all().await.unwrap();
    assert!(!nested.iter().any(|u| u.name == "Late"));
    let session = db.session();
    session.execute(&insert(users::table).values(NewUser::new("Mine", "mine@example.com"))).await.unwrap();
    assert!(names(&session.all(&all_users).await.unwrap()).contains(&"Mine"), "after a write: the primary");
    // A replica that is down: its reads go to the primary.
    let replica = tokio::task::spawn_blocking(move || replica.stop().map(|()| replica)).await.unwrap().unwrap();
    assert!(names(&db.all(&all_users).await.unwrap()).contains(&"Late"));
    drop((primary, replica));
}
