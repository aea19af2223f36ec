//! Every row of the type-mapping table, against a real server: each golden schema is
//! applied to a fresh database, a row is written through its generated insert struct
//! and read back through its generated row struct, and must come back exactly — once
//! with prepared statements, once with unnamed ones (the statement cache off), where
//! every parameter's type is declared by sleet rather than learnt from the server.

mod support;

use corpus_check::golden;
use sleet::prelude::*;
use sleet::types::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sleet::types::rust_decimal::Decimal;
use sleet::types::serde_json::json;
use sleet::types::uuid::Uuid;
use sleet::types::{Bound, Inet, Interval, Range, RawValue};
use std::str::FromStr;
use support::with_schema_cached;

/// A value the server produces for a type sleet has no mapping for, on any driver.
async fn raw<D: sleet::exec::Runner>(db: &D, sql: &'static str) -> RawValue {
    use sleet::exec::batch::BatchItem as _;
    let query = sleet::raw(sql).rows::<(RawValue,)>();
    sleet::exec::batch::one(&query).run(db).await.unwrap().0
}

#[tokio::test]
async fn scalars_arrays_and_nulls_round_trip() {
    use golden::all_types::{everything, NewEverything};
    on_every_driver!("all_types", |db| async move {
        let timetz = raw(&db, "SELECT '12:30:00+02'::timetz").await;
        let matrix = raw(&db, "SELECT '{{1,2},{3,4}}'::int[]").await;
        let float_matrix = raw(&db, "SELECT '{{1.5,2.5}}'::float8[]").await;
        let uuid = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let time = NaiveTime::from_hms_micro_opt(12, 34, 56, 789_012).unwrap();
        let timestamp = NaiveDateTime::new(date, time);
        let instant: DateTime<Utc> = DateTime::from_naive_utc_and_offset(timestamp, Utc);
        let millis: DateTime<Utc> = DateTime::from_timestamp_millis(1_700_000_000_123).unwrap();
        let numeric = Decimal::from_str("12345678901234567890.123456789").unwrap();
        let inet = Inet::new("192.168.1.5".parse().unwrap(), 24);
        let cidr = Inet::new("10.0.0.0".parse().unwrap(), 8);
        let mac = sleet::types::eui48::MacAddress::new([0x08, 0x00, 0x2b, 0x01, 0x02, 0x03]);

        let full = NewEverything::new(
            1i16,
            2,
            3,
            4i64,
            1.5f32,
            3.25f64,
            numeric,
            "text",
            "varchar",
            "abc",
            "CiText",
            true,
            vec![0u8, 1, 2, 255],
            uuid,
            date,
            time,
            timetz.clone(),
            timestamp,
            instant,
            Interval::new(14, 3, 4_000_005),
            json!({"b": [1, 2.5, "x"], "a": null}),
            inet,
            vec![1, 2, 3],
            matrix.clone(),
            vec!["a".to_string(), "b".to_string()],
        )
        .integer_col(4)
        .int8_col(6)
        .float4_col(2.5f32)
        .float8_col(4.125)
        .numeric_scaled_col(Decimal::from_str("1.2345").unwrap())
        .decimal_col(Decimal::from_str("12.34").unwrap())
        .character_varying_col("cv".to_string())
        .unbounded_varchar_col("uv".to_string())
        .character_col("padded".to_string())
        .name_col("a_name".to_string())
        .boolean_col(false)
        .nullable_uuid_col(uuid)
        .time_without_tz_col(time)
        .timetz_col(timetz.clone())
        .timestamp_without_tz_col(timestamp)
        .timestamp_with_tz_col(instant)
        .timestamp_precision_col(millis)
        .nullable_interval_col(Interval::new(0, 0, -1))
        .json_col(json!([1, 2]))
        .nullable_jsonb_col(json!(null))
        .cidr_col(cidr)
        .macaddr_col(mac)
        .oid_col(42u32)
        .int4_array_col(Vec::new())
        .bigint_array_col(vec![i64::MAX, i64::MIN])
        .float_matrix_col(float_matrix.clone())
        .nullable_text_array_col(vec!["x".to_string()])
        .uuid_array_col(vec![uuid, Uuid::nil()])
        .varchar_array_col(vec!["v".to_string()]);
        let row = db.one(&insert(everything::table).values(full).returning()).await.unwrap();
        assert_eq!(
            (row.small_col, row.int_col, row.int4_col, row.integer_col, row.big_col, row.int8_col),
            (1, 2, 3, Some(4), 4, Some(6))
        );
        assert_eq!(
            (row.smallserial_col, row.serial_col, row.bigserial_col),
            (1, 1, 1),
            "serials take their sequence default"
        );
        assert_eq!((row.real_col, row.float4_col, row.double_col, row.float8_col), (1.5, Some(2.5), 3.25, Some(4.125)));
        assert_eq!(row.numeric_col, numeric, "numeric keeps every digit");
        assert_eq!(row.numeric_scaled_col, Some(Decimal::from_str("1.2345").unwrap()));
        assert_eq!(row.decimal_col, Some(Decimal::from_str("12.34").unwrap()));
        assert_eq!(
            (row.text_col.as_str(), row.varchar_col.as_str(), row.char_col.as_str(), row.citext_col.as_str()),
            ("text", "varchar", "abc", "CiText")
        );
        assert_eq!(row.character_col.as_deref(), Some("padded    "), "char(n) pads, as PostgreSQL does");
        assert_eq!(
            (row.character_varying_col.as_deref(), row.unbounded_varchar_col.as_deref(), row.name_col.as_deref()),
            (Some("cv"), Some("uv"), Some("a_name"))
        );
        assert_eq!(
            (row.bool_col, row.boolean_col, row.bytea_col.as_slice()),
            (true, Some(false), &[0u8, 1, 2, 255][..])
        );
        assert_eq!((row.uuid_col, row.nullable_uuid_col), (uuid, Some(uuid)));
        assert_eq!((row.date_col, row.time_col, row.time_without_tz_col), (date, time, Some(time)));
        assert_eq!(
            (&row.time_with_tz_col, &row.timetz_col),
            (&timetz, &Some(timetz.clone())),
            "unmapped types round-trip as raw bytes"
        );
        assert_eq!((row.timestamp_col, row.timestamp_without_tz_col), (timestamp, Some(timestamp)));
        assert_eq!((row.timestamptz_col, row.timestamp_with_tz_col), (instant, Some(instant)));
        assert_eq!(row.timestamp_precision_col, Some(millis));
        assert_eq!(
            (row.interval_col, row.nullable_interval_col),
            (Interval::new(14, 3, 4_000_005), Some(Interval::new(0, 0, -1)))
        );
        assert_eq!(row.jsonb_col, json!({"a": null, "b": [1, 2.5, "x"]}));
        assert_eq!(
            (row.json_col, row.nullable_jsonb_col),
            (Some(json!([1, 2])), Some(json!(null))),
            "JSON null is not SQL NULL"
        );
        assert_eq!(
            (row.inet_col, row.cidr_col, row.macaddr_col),
            (inet, Some(cidr), Some(mac)),
            "inet keeps its netmask"
        );
        assert_eq!(row.oid_col, Some(42));
        assert_eq!(
            (row.int_array_col, row.int4_array_col, row.bigint_array_col),
            (vec![1, 2, 3], Some(vec![]), Some(vec![i64::MAX, i64::MIN]))
        );
        assert_eq!((row.int_matrix_col, row.float_matrix_col), (matrix, Some(float_matrix)));
        assert_eq!(
            (row.text_array_col, row.nullable_text_array_col),
            (vec!["a".to_string(), "b".to_string()], Some(vec!["x".to_string()]))
        );
        assert_eq!(
            (row.uuid_array_col, row.varchar_array_col, row.bool_array_col),
            (Some(vec![uuid, Uuid::nil()]), Some(vec!["v".to_string()]), vec![])
        );

        // The same struct with every optional column left out: NULLs and defaults.
        let sparse = NewEverything::new(
            0i16,
            0,
            0,
            0i64,
            0f32,
            0f64,
            Decimal::ZERO,
            "",
            "",
            "",
            "",
            false,
            vec![],
            Uuid::nil(),
            date,
            time,
            timetz,
            timestamp,
            instant,
            Interval::default(),
            json!({}),
            Inet::from(std::net::IpAddr::from([127, 0, 0, 1])),
            vec![],
            raw(&db, "SELECT '{{0}}'::int[]").await,
            vec![],
        );
        let row = db.one(&insert(everything::table).values(sparse).returning()).await.unwrap();
        assert_eq!((row.integer_col, row.json_col, row.cidr_col, row.uuid_array_col), (None, None, None, None));
        assert_eq!(row.bigserial_col, 2);
        assert_eq!(row.inet_col.prefix, 32, "a bare address is a /32");
    })
    .await;
}

#[tokio::test]
async fn enums_keep_their_exact_labels() {
    use golden::enums::{tasks, NewTask, Priority, TaskStatus};
    use sleet::__private::SqlEnum;
    on_every_driver!("enums", |db| async move {
        for (i, status) in TaskStatus::VARIANTS.iter().enumerate() {
            let id = i64::try_from(i).unwrap();
            let new = NewTask::new(id, status.label())
                .status(*status)
                .labels(TaskStatus::VARIANTS.to_vec())
                .priority(Priority::High);
            db.execute(&insert(tasks::table).values(new)).await.unwrap();
            // The server's own text of the label is exactly ours.
            let text: String = db
                .one(&sleet::raw("SELECT status::text FROM tasks WHERE id = ").bind(&id).rows::<(String,)>())
                .await
                .unwrap()
                .0;
            assert_eq!(text, status.label());
        }
        let rows = db.all(&from(tasks::table).order_by(tasks::id)).await.unwrap();
        let statuses: Vec<TaskStatus> = rows.iter().map(|t| t.status).collect();
        assert_eq!(statuses, TaskStatus::VARIANTS);
        assert_eq!(rows[0].labels, TaskStatus::VARIANTS, "arrays of enums");
        assert_eq!(TaskStatus::from_label(""), Some(TaskStatus::Vempty));
        assert_eq!(TaskStatus::WithSpace.label(), "with space");
        let found =
            db.all(&select(tasks::id).from(tasks::table).filter(tasks::status.eq(TaskStatus::Ünïcode))).await.unwrap();
        assert_eq!(found.len(), 1, "enum values bind as parameters");
    })
    .await;
}

#[tokio::test]
async fn ranges_round_trip_with_their_bounds() {
    use golden::ranges::{reservations, NewReservation};
    on_every_driver!("ranges", |db| async move {
        let day = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
        let at = |h: i64| DateTime::from_timestamp(1_735_689_600 + h * 3600, 0).unwrap();
        let new = NewReservation::new(
            1i64,
            Range::Nonempty(Bound::Inclusive(1), Bound::Exclusive(10)),
            Range::Nonempty(Bound::Inclusive(at(1)), Bound::Unbounded),
            Range::Nonempty(Bound::Inclusive(day(1)), Bound::Exclusive(day(5))),
        )
        .ticket_ids(Range::Empty)
        .price_band(Range::Nonempty(Bound::Exclusive(Decimal::new(150, 2)), Bound::Inclusive(Decimal::new(999, 1))))
        .temperature(Range::Nonempty(Bound::Inclusive(-2.5), Bound::Exclusive(30.0)))
        .blackout_dates(vec![Range::Nonempty(Bound::Inclusive(day(2)), Bound::Exclusive(day(3)))]);
        let row = db.one(&insert(reservations::table).values(new).returning()).await.unwrap();
        assert_eq!(row.seat_numbers, Range::Nonempty(Bound::Inclusive(1), Bound::Exclusive(10)));
        assert_eq!(row.ticket_ids, Some(Range::Empty));
        assert_eq!(
            row.price_band,
            Some(Range::Nonempty(Bound::Exclusive(Decimal::new(150, 2)), Bound::Inclusive(Decimal::new(999, 1))))
        );
        assert_eq!(row.booked_during, Range::Nonempty(Bound::Inclusive(at(1)), Bound::Unbounded));
        assert_eq!(row.stay, Range::Nonempty(Bound::Inclusive(day(1)), Bound::Exclusive(day(5))));
        assert_eq!(
            row.temperature,
            Some(Range::Nonempty(Bound::Inclusive(-2.5), Bound::Exclusive(30.0))),
            "user-defined range"
        );
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        assert_eq!(
            row.opening_hours,
            Range::Nonempty(Bound::Inclusive(nine), Bound::Exclusive(five)),
            "default of a user range"
        );
        // A discrete range is normalised by the server: [1,10] comes back as [1,11).
        let closed = NewReservation::new(
            2i64,
            Range::Nonempty(Bound::Inclusive(1), Bound::Inclusive(10)),
            row.booked_during,
            row.stay,
        );
        let row = db.one(&insert(reservations::table).values(closed).returning()).await.unwrap();
        assert_eq!(row.seat_numbers, Range::Nonempty(Bound::Inclusive(1), Bound::Exclusive(11)));
    })
    .await;
}

#[tokio::test]
async fn composites_round_trip_nested_and_in_arrays() {
    use golden::composites::{contacts, Address, GeoPoint, NewContact, PhoneNumber};
    // Composite parameters carry field OIDs only a prepared statement learns.
    with_schema_cached("composites", false, |db| async move {
        let home = Address {
            line1: None,
            line2: None,
            city: None,
            postal_code: None,
            country_code: None,
            location: Some(GeoPoint { lat: Some(1.0), lng: None }),
        };
        let err = db.execute(&insert(contacts::table).values(NewContact::new(1i64, "Ann", home))).await.unwrap_err();
        assert!(err.to_string().contains("keep the statement cache on"), "{err}");
    })
    .await;
    // On sqlx, parameters of user types are declared with their looked-up OIDs: both
    // modes work there.
    macro_rules! round_trip {
        () => {
            |db| async move {
                let home = Address {
                    line1: Some("1 Main St".into()),
                    line2: None,
                    city: Some("Springfield".into()),
                    postal_code: Some("12345".into()),
                    country_code: Some("US".into()),
                    location: Some(GeoPoint { lat: Some(40.5), lng: Some(-73.25) }),
                };
                let phone =
                    PhoneNumber { kind: Some("mobile".into()), number: Some("555".into()), is_primary: Some(true) };
                let new = NewContact::new(1i64, "Ann", home.clone())
                    .phones(vec![phone.clone()])
                    .previous_addresses(vec![Address { location: None, ..home.clone() }])
                    .last_seen_at(GeoPoint { lat: None, lng: Some(1.0) });
                let row = db.one(&insert(contacts::table).values(new).returning()).await.unwrap();
                assert_eq!(row.home_address, home);
                assert_eq!(row.work_address, None);
                assert_eq!(row.phones, vec![phone]);
                assert_eq!(row.previous_addresses.unwrap()[0].location, None);
                assert_eq!(row.last_seen_at, Some(GeoPoint { lat: None, lng: Some(1.0) }));
            }
        };
    }
    with_schema_cached("composites", true, round_trip!()).await;
    for cached in [true, false] {
        support::with_schema_sqlx("composites", cached, round_trip!()).await;
    }
}

#[tokio::test]
async fn domains_read_and_write_as_their_base_type() {
    use golden::domains::{customers, NewCustomer};
    on_every_driver!("domains", |db| async move {
        let new = NewCustomer::new(1i64, "ann@example.com", Decimal::new(10_050, 2))
            .handle("ann-1".to_string())
            .work_email("ann@example.com".to_string())
            .age(42)
            .discount(15i16)
            .tags(vec!["a-b".to_string()]);
        let row = db.one(&insert(customers::table).values(new).returning()).await.unwrap();
        assert_eq!(
            (row.primary_email.as_str(), row.handle.as_deref(), row.age, row.seats),
            ("ann@example.com", Some("ann-1"), Some(42), 1)
        );
        assert_eq!((row.credit_limit, row.discount), (Decimal::new(10_050, 2), Some(15)));
        assert_eq!((row.alt_emails, row.tags), (vec![], Some(vec!["a-b".to_string()])));
        let found = db
            .all(&select(customers::id).from(customers::table).filter(customers::primary_email.eq("ann@example.com")))
            .await
            .unwrap();
        assert_eq!(found, [1], "a domain column compares with its base type");
        let bad = db
            .execute(
                &insert(customers::table)
                    .values(NewCustomer::new(2i64, "not-an-email", Decimal::ONE).handle("ann-2".to_string())),
            )
            .await
            .unwrap_err();
        assert!(bad.is_check_violation(), "the domain's CHECK still applies: {bad}");
    })
    .await;
}

#[tokio::test]
async fn many_rows_insert_through_unnest_cast_to_their_domains() {
    use golden::domains::{customers, orders, NewCustomer, NewOrder};
    use sleet::query::Render as _;
    on_every_driver!("domains", |db| async move {
        // `handle` is a nullable column of a NOT NULL domain: it must be set.
        let customer =
            |id: i64| NewCustomer::new(id, format!("c{id}@example.com"), Decimal::ONE).handle(format!("c-{id}"));
        let both = insert(customers::table).values_many([customer(1).age(30), customer(2)]).returning();
        assert_eq!(
            both.to_sql().0,
            "INSERT INTO customers (id, handle, primary_email, age, credit_limit) SELECT * FROM \
             UNNEST($1::int8[], $2::slug[], $3::email[], $4::positive_int[], $5::money_amount[]) RETURNING customers.id, \
             customers.handle, customers.primary_email, customers.backup_email, customers.work_email, customers.age, \
             customers.seats, customers.credit_limit, customers.balance, customers.discount, customers.alt_emails, \
             customers.tags"
        );
        let inserted = db.all(&both).await.unwrap();
        let got: Vec<_> = inserted.iter().map(|c| (c.id, c.age, c.discount)).collect();
        assert_eq!(got, [(1, Some(30), Some(0)), (2, None, Some(0))], "a NULL element, and the domain's default");
        // `discount` takes its domain's DEFAULT 0 unless set, however many rows go in.
        let mixed = insert(customers::table).values_many([customer(3).discount(15i16), customer(4)]).returning();
        let inserted = db.all(&mixed).await.unwrap();
        assert_eq!(inserted.iter().map(|c| (c.id, c.discount)).collect::<Vec<_>>(), [(3, Some(15)), (4, Some(0))]);

        // `coupon_code` is a NOT NULL domain too.
        let order = |id: i64, quantity: i32, coupon: &str| {
            NewOrder::new(id, 1i64, Decimal::new(1999, 2), quantity).coupon_code(coupon.to_string())
        };
        let orders = insert(orders::table).values_many([order(1, 2, "spring"), order(2, 1, "fall")]);
        assert_eq!(
            orders.to_sql().0,
            "INSERT INTO orders (id, customer_id, total, quantity, coupon_code) \
             SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::money_amount[], $4::positive_int[], $5::slug[])"
        );
        assert_eq!(db.execute(&orders).await.unwrap(), 2);
        let coupons = select((orders::id, orders::coupon_code)).from(orders::table).order_by(orders::id);
        assert_eq!(db.all(&coupons).await.unwrap(), [(1, Some("spring".to_string())), (2, Some("fall".to_string()))]);
        // Each element passes its domain's CHECK: one bad row fails the statement.
        let bad = insert(orders::table).values_many([order(3, 1, "a"), order(4, 0, "b")]);
        let err = db.execute(&bad).await.unwrap_err();
        assert!(err.is_check_violation(), "positive_int rejects 0: {err}");
        let count = db.one(&select(count_star()).from(orders::table)).await.unwrap();
        assert_eq!(count, 2, "and nothing of it went in");
    })
    .await;
}

#[tokio::test]
async fn rows_that_set_nothing_insert_their_defaults() {
    use golden::defaults_identity::{api_keys, NewApiKey};
    use sleet::query::Render as _;
    on_every_driver!("defaults_identity", |db| async move {
        let one = insert(api_keys::table).values(NewApiKey::new()).returning_columns(api_keys::id);
        assert_eq!(one.to_sql().0, "INSERT INTO api_keys DEFAULT VALUES RETURNING api_keys.id");
        let first = db.one(&one).await.unwrap();
        let many = insert(api_keys::table).values_many([NewApiKey::new(), NewApiKey::new()]);
        let many = many.returning_columns(api_keys::id);
        assert_eq!(many.to_sql().0, "INSERT INTO api_keys (id) VALUES (DEFAULT), (DEFAULT) RETURNING api_keys.id");
        assert_eq!(db.all(&many).await.unwrap(), [first + 1, first + 2]);
    })
    .await;
}

#[tokio::test]
async fn use_the_default_and_set_null_are_different_writes() {
    use golden::defaults_identity::{accounts, invoices, NewAccount, NewInvoice};
    use sleet::query::Render as _;
    use sleet::Field;
    on_every_driver!("defaults_identity", |db| async move {
        let account = db
            .one(&insert(accounts::table).values(NewAccount::new("acme")).returning_columns(accounts::id))
            .await
            .unwrap();

        // `issued_on date DEFAULT CURRENT_DATE` is nullable: three distinct writes.
        let defaulted = NewInvoice::new(account);
        assert_eq!(defaulted.issued_on, Field::Default);
        assert!(
            !insert(invoices::table).values(defaulted.clone()).to_sql().0.contains("issued_on"),
            "Default leaves the column out"
        );
        let nulled = NewInvoice::new(account).issued_on(None);
        let dated = NewInvoice::new(account).issued_on(NaiveDate::from_ymd_opt(2020, 1, 2).unwrap());
        let rows = db.all(&insert(invoices::table).values_many([defaulted, nulled, dated]).returning()).await.unwrap();
        let (today,): (NaiveDate,) = db.one(&sleet::raw("SELECT CURRENT_DATE").rows::<(NaiveDate,)>()).await.unwrap();
        assert_eq!(rows[0].issued_on, Some(today), "Field::Default takes the column's DEFAULT");
        assert_eq!(rows[1].issued_on, None, "Field::Set(None) writes NULL");
        assert_eq!(rows[2].issued_on, NaiveDate::from_ymd_opt(2020, 1, 2));
        // Other defaults and the generated column came from the server.
        assert_eq!(
            (rows[0].currency.as_str(), rows[0].id, rows[1].id),
            ("EUR", 10, 15),
            "identity START WITH 10 INCREMENT BY 5"
        );
        assert_eq!(rows[0].total, Some(Decimal::ZERO));
    })
    .await;
}

#[tokio::test]
async fn nested_loads_return_values_exactly() {
    use golden::relations::billing::{invoices, NewInvoice, Status};
    use golden::relations::{users, NewUser};
    on_every_driver!("relations", |db| async move {
        let ann = db.one(&insert(users::table).values(NewUser::new("Ann")).returning_columns(users::id)).await.unwrap();
        let nobody =
            db.one(&insert(users::table).values(NewUser::new("Nobody")).returning_columns(users::id)).await.unwrap();
        let issued = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        let invoice = |id: i64, total: &str| {
            NewInvoice::new(
                id,
                ann,
                Decimal::from_str(total).unwrap(),
                Uuid::from_u128(0xfeed_0000_0000_0000_0000_0000_0000_0000 + u128::try_from(id).unwrap()),
                issued,
                Status::Sent,
                json!({"amount": "1234567890.123456789", "n": 1.000_000_000_000_001, "nested": [null, {"x": true}]}),
                vec!["a \"quoted\" note".to_string(), "ünïcode".to_string()],
            )
            .pdf(Some(vec![0u8, 1, 2, 255, 0]))
        };
        db.execute(&insert(invoices::table).values_many([invoice(1, "9999999999.99"), invoice(2, "0.01")]))
            .await
            .unwrap();
        let loaded = db
            .query(users::table)
            .with(users::invoices().order_by(invoices::id).with(invoices::customer()))
            .order_by(users::id)
            .all()
            .await
            .unwrap();
        let direct = db.all(&from(invoices::table).order_by(invoices::id)).await.unwrap();
        assert_eq!(loaded.len(), 2);
        let anns: Vec<_> = loaded[0].related.0.iter().map(|i| i.row.clone()).collect();
        assert_eq!(anns, direct, "every value as a plain select reads it");
        assert_eq!(anns[0].total, Decimal::from_str("9999999999.99").unwrap());
        assert_eq!(anns[1].issued_at, issued, "microseconds kept");
        assert_eq!(loaded[0].related.0[1].related.0.name, "Ann", "a NOT NULL many-to-one is the row itself");
        assert_eq!((loaded[1].name.as_str(), loaded[1].related.0.len()), ("Nobody", 0));
        let _ = nobody;
    })
    .await;
}

#[tokio::test]
async fn composite_foreign_keys_load_exact_pairs() {
    use golden::relations::{projects, releases, NewProject, NewRelease};
    on_every_driver!("relations", |db| async move {
        db.execute(&insert(projects::table).values_many([
            NewProject::new("acme", "web"),
            NewProject::new("acme", "api"),
            NewProject::new("umbrella", "web"),
        ]))
        .await
        .unwrap();
        db.execute(&insert(releases::table).values_many([
            NewRelease::new(1i64, "acme", "web", "1.0"),
            NewRelease::new(2i64, "acme", "web", "1.1"),
            NewRelease::new(3i64, "umbrella", "web", "9.0"),
        ]))
        .await
        .unwrap();
        // (org, slug) pairs: "acme"/"web" and "umbrella"/"web" share a slug, and
        // "acme"/"api" shares an org; only exact pairs may match.
        let loaded = db
            .query(projects::table)
            .with(projects::releases().order_by(releases::id).columns(releases::version))
            .order_by((projects::org, projects::slug))
            .all()
            .await
            .unwrap();
        let shaped: Vec<(&str, &str, Vec<&str>)> = loaded
            .iter()
            .map(|p| (p.org.as_str(), p.slug.as_str(), p.related.0.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            shaped,
            [("acme", "api", vec![]), ("acme", "web", vec!["1.0", "1.1"]), ("umbrella", "web", vec!["9.0"])]
        );
        let back = db.query(releases::table).with(releases::project()).order_by(releases::id).all().await.unwrap();
        let owners: Vec<(&str, &str)> =
            back.iter().map(|r| (r.related.0.org.as_str(), r.related.0.slug.as_str())).collect();
        assert_eq!(owners, [("acme", "web"), ("acme", "web"), ("umbrella", "web")]);
    })
    .await;
}
