//! Schema-derived validation against PostgreSQL's own verdicts, on the golden
//! `validation` case: for value after value, `validate()` must refuse exactly what
//! the server refuses for the same row (an insert, rolled back), the rules it leaves to
//! the database must be caught there and mapped back to fields, and rules of one's own
//! must apply on top.

mod support;

use corpus_check::golden::validation::{
    accounts, counters, invites, AccountPatch, NewAccount, NewCounter, NewInvite, Plan, CONSTRAINTS,
};
use sleet::prelude::*;
use sleet::types::rust_decimal::Decimal;
use sleet::validate::Code;
use sleet::{Db, Validate, ValidationErrors};
use std::str::FromStr;

type Client = Db<tokio_postgres::Client>;

/// A row every rule accepts.
fn valid() -> NewAccount {
    NewAccount::new("ann_1", "ann@example.io").display_name(Some("Ann".to_string())).phone(Some("555".to_string()))
}

/// Inserts the row in a transaction that is rolled back: the database's verdict.
async fn try_insert(db: &Client, row: &NewAccount) -> Result<(), sleet::Error> {
    db.client().batch_execute("BEGIN").await.unwrap();
    let outcome = db.execute(&insert(accounts::table).values(row.clone())).await.map(drop);
    db.client().batch_execute("ROLLBACK").await.unwrap();
    outcome
}

fn decimal(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Every sample differs from a valid row in one column; the verdicts must agree.
fn samples() -> Vec<(String, NewAccount)> {
    let mut out: Vec<(String, NewAccount)> = Vec::new();
    let mut add = |what: String, row: NewAccount| out.push((what, row));
    for handle in [
        "abc",
        "ab",
        "a_b_9",
        "ABC",
        "ann-1",
        "",
        "abcdefghijklmnopqrst",
        "abcdefghijklmnopqrstu",
        "abcdefghijklmnopqrst   ",
        "abc   ",
        "abcdefghijklmnopqrs  x",
        "ééé",
        "abc\n",
    ] {
        add(format!("handle {handle:?}"), NewAccount { handle: handle.into(), ..valid() });
    }
    let long = format!("{}@example.io", "x".repeat(243)); // 254 characters
    let longer = format!("{}@example.io", "x".repeat(244));
    let long_with_spaces = format!("{long}   ");
    for email in ["b@c.io", "B@C.IO", "b@c", "b c@d.io", "@c.io", "b@c.i0", &long, &longer, &long_with_spaces, "é@c.io"]
    {
        add(format!("email {email:?}"), NewAccount { email: email.into(), ..valid() });
    }
    for name in [None, Some(""), Some("   "), Some(" a "), Some("\t"), Some("a\0")] {
        add(format!("display_name {name:?}"), NewAccount { display_name: name.map(Into::into), ..valid() });
    }
    for country in ["NZ", "N", "NZL", "NZ  ", "ÉÉ"] {
        add(format!("country {country:?}"), valid().country(Some(country.to_string())));
    }
    for plan in [Plan::Free, Plan::Pro, Plan::Team] {
        add(format!("plan {plan:?}"), valid().plan(plan));
    }
    for seats in [-1, 0, 1, 500, 501, i32::MAX] {
        add(format!("seats {seats}"), valid().seats(seats));
    }
    for balance in ["0", "-1000.50", "-1000.504", "-1000.505", "-1000.51", "99999999.994", "99999999.995", "12.345"] {
        add(format!("balance {balance}"), valid().balance(decimal(balance)));
    }
    for discount in [
        None,
        Some("0"),
        Some("100"),
        Some("100.004"),
        Some("100.005"),
        Some("-0.004"),
        Some("-0.005"),
        Some("999.994"),
    ] {
        add(format!("discount {discount:?}"), valid().discount(discount.map(decimal)));
    }
    for score in [0.0f32, 1.5, 1.500_000_1, -0.0, -0.1, f32::NAN, f32::INFINITY] {
        add(format!("score {score}"), NewAccount { score: Some(score), ..valid() });
    }
    for ratio in [0.0f64, -0.0, 1.0, f64::NAN, f64::NEG_INFINITY] {
        add(format!("ratio {ratio}"), NewAccount { ratio: Some(ratio), ..valid() });
    }
    for age in [None, Some(-5i16), Some(0), Some(1), Some(i16::MAX)] {
        add(format!("age {age:?}"), NewAccount { age, ..valid() });
    }
    for status in ["active", "closed", "other", "Active", ""] {
        add(format!("status {status:?}"), valid().status(status.to_string()));
    }
    for (phone, website, verified) in [
        (None, None, true),
        (None, None, false),
        (Some("1"), None, true),
        (None, Some("https://ann.io"), true),
        (None, Some("http://ann.io"), false),
    ] {
        let row = NewAccount { phone: phone.map(Into::into), website: website.map(Into::into), ..valid() };
        add(format!("phone {phone:?}, website {website:?}, verified {verified}"), row.verified(verified));
    }
    out
}

#[tokio::test]
async fn verdicts_agree_with_postgresql_value_by_value() {
    support::with_schema_cached("validation", true, |db| async move {
        let mut disagreements = Vec::new();
        let samples = samples();
        for (what, row) in &samples {
            let ours = row.validate();
            let theirs = try_insert(&db, row).await;
            if ours.is_ok() != theirs.is_ok() {
                let ours = ours.err().map(|e| e.to_string());
                let theirs = theirs.err().map(|e| e.to_string());
                disagreements.push(format!("{what}: validate {ours:?}, PostgreSQL {theirs:?}"));
            }
        }
        assert!(
            disagreements.is_empty(),
            "{} of {} disagree:\n{}",
            disagreements.len(),
            samples.len(),
            disagreements.join("\n")
        );
    })
    .await;
}

#[tokio::test]
async fn integers_read_into_a_wider_rust_type_keep_their_sql_range() {
    // Unnamed statements declare an i64 as int8, and the server casts it to the column
    // (prepared ones would refuse the Rust type outright).
    support::with_schema_cached("validation", false, |db| async move {
        let mut disagreements = Vec::new();
        let values = [0, 32_767, 32_768, -32_768, -32_769, 2_147_483_647, 2_147_483_648, -2_147_483_649];
        for (id, value) in (1..).zip(values) {
            for row in [NewCounter::new(id).small(Some(value)), NewCounter::new(id).medium(value)] {
                let ours = row.validate();
                db.client().batch_execute("BEGIN").await.unwrap();
                let theirs = db.execute(&insert(counters::table).values(row.clone())).await;
                db.client().batch_execute("ROLLBACK").await.unwrap();
                if ours.is_ok() != theirs.is_ok() {
                    disagreements.push(format!("{row:?}: validate {ours:?}, PostgreSQL {theirs:?}"));
                }
            }
        }
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
        let errors = NewCounter::new(1).small(Some(40_000)).validate().unwrap_err();
        assert_eq!(errors.field("small")[0].message, "must be between -32768 and 32767 (smallint)");
    })
    .await;
}

#[tokio::test]
async fn violations_name_the_field_the_rule_and_the_limit() {
    let errors = NewAccount { handle: "AB".into(), score: Some(2.0), ..valid() }.seats(0).validate().unwrap_err();
    let codes = |field: &str| errors.field(field).iter().map(|v| v.code).collect::<Vec<_>>();
    assert_eq!(codes("handle"), [Code::Pattern, Code::TooShort]);
    assert_eq!(codes("seats"), [Code::OutOfRange]);
    assert_eq!(codes("score"), [Code::OutOfRange]);
    let json = sleet::types::serde_json::to_value(&errors).unwrap();
    assert_eq!(
        json["seats"],
        sleet::types::serde_json::json!([{
            "code": "out_of_range",
            "message": "must be between 1 and 500",
            "column": "seats",
            "constraint": "accounts_seats_check",
            "limit": {"between": {"min": "1", "max": "500"}}
        }])
    );
    let long = NewAccount { handle: "a".repeat(21), ..valid() }.validate().unwrap_err();
    let too_long = &long.field("handle")[0];
    assert_eq!((too_long.code, too_long.constraint), (Code::TooLong, None));
    assert_eq!(
        sleet::types::serde_json::to_value(&too_long.limit).unwrap(),
        sleet::types::serde_json::json!({"max_chars": 20})
    );
}

#[tokio::test]
async fn what_is_left_to_the_database_comes_back_in_the_same_shape() {
    support::with_schema_cached("validation", true, |db| async move {
        let from_db = |e: &sleet::Error| ValidationErrors::from_database(e, CONSTRAINTS).expect("mapped");

        // A pattern with a locale-dependent class: not checked here, refused there.
        let row = NewAccount { code: Some("a b".into()), ..valid() };
        assert!(row.validate().is_ok());
        let error = try_insert(&db, &row).await.unwrap_err();
        let mapped = from_db(&error);
        assert_eq!(mapped.field("code")[0].code, Code::Check);
        assert_eq!(mapped.field("code")[0].constraint, Some("accounts_code_check"));

        // Two columns compared with each other: left to the database, mapped to both.
        let start = sleet::types::chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let row = NewAccount { starts_at: Some(start), ends_at: Some(start), ..valid() };
        assert!(row.validate().is_ok());
        let mapped = from_db(&try_insert(&db, &row).await.unwrap_err());
        assert_eq!(mapped.fields().map(|(f, _)| f).collect::<Vec<_>>(), ["ends_at", "starts_at"]);

        // Unique and foreign-key violations, by their constraints' columns.
        db.execute(&insert(accounts::table).values(valid())).await.unwrap();
        let error = db.execute(&insert(accounts::table).values(valid().seats(2))).await.unwrap_err();
        let mapped = from_db(&error);
        assert_eq!(mapped.field("handle")[0].code, Code::Unique);
        assert_eq!(mapped.field("handle")[0].constraint, Some("accounts_handle_key"));
        let error = db.execute(&insert(invites::table).values(NewInvite::new(999_999i64, "x@y.io"))).await.unwrap_err();
        let mapped = from_db(&error);
        assert_eq!(mapped.field("account_id")[0].code, Code::ForeignKey);
        let ann: i64 =
            db.one(&select(accounts::id).from(accounts::table).filter(accounts::handle.eq("ann_1"))).await.unwrap();
        db.execute(&insert(invites::table).values(NewInvite::new(ann, "x@y.io"))).await.unwrap();
        let error = db.execute(&delete(accounts::table).filter(accounts::id.eq(ann))).await.unwrap_err();
        let mapped = from_db(&error);
        let referenced = &mapped.field("account_id")[0];
        assert_eq!((referenced.code, referenced.message.as_ref()), (Code::Referenced, "is still referenced"));

        // A violation of something the generated code does not know maps to nothing.
        db.client().batch_execute("ALTER TABLE accounts ADD CONSTRAINT added_later CHECK (seats < 400)").await.unwrap();
        let error =
            db.execute(&insert(accounts::table).values(NewAccount::new("zed", "z@y.io").seats(450))).await.unwrap_err();
        assert!(ValidationErrors::from_database(&error, CONSTRAINTS).is_none());
    })
    .await;
}

#[tokio::test]
async fn rules_of_ones_own_add_to_or_replace_the_schemas() {
    support::with_schema_cached("validation", true, |db| async move {
        // Added: the schema's own rule still applies, then the function's.
        let row = NewAccount { website: Some("https://ann.io/?utm_source=x".into()), ..valid() };
        let errors = row.validate().unwrap_err();
        assert_eq!(errors.field("website")[0].code, Code::Custom("tracking"));
        assert_eq!(errors.field("website")[0].column, "website");
        assert!(try_insert(&db, &row).await.is_ok(), "the database has no such rule");
        let row = NewAccount { website: Some("http://ann.io/?utm_source=x".into()), ..valid() };
        let codes: Vec<Code> = row.validate().unwrap_err().field("website").iter().map(|v| v.code).collect();
        assert_eq!(codes, [Code::Pattern, Code::Custom("tracking")]);

        // Replaced: `bio <> ''` gives way to "not blank", which is stricter.
        let blank = NewAccount { bio: Some("  ".into()), ..valid() };
        assert_eq!(blank.validate().unwrap_err().field("bio")[0].code, Code::Custom("blank"));
        assert!(try_insert(&db, &blank).await.is_ok());
        let empty = NewAccount { bio: Some(String::new()), ..valid() };
        assert_eq!(empty.validate().unwrap_err().field("bio").len(), 1, "the schema's rule is not checked twice");
    })
    .await;
}

#[tokio::test]
async fn patches_check_what_they_set_and_leave_the_rest_to_the_row() {
    support::with_schema_cached("validation", true, |db| async move {
        db.execute(&insert(accounts::table).values(valid().verified(true))).await.unwrap();
        let apply = |patch: AccountPatch| update(accounts::table).set(patch).filter(accounts::handle.eq("ann_1"));

        assert!(AccountPatch::default().validate().is_ok());
        let patch = AccountPatch::default().seats(0);
        assert_eq!(patch.validate().unwrap_err().field("seats")[0].code, Code::OutOfRange);
        assert!(db.execute(&apply(patch)).await.is_err());

        // `contact_given` reads phone, website and verified: a patch that sets only
        // one of them cannot know, so the database decides — and refuses this
        // verified account its only contact.
        let patch = AccountPatch::default().phone(None);
        assert!(patch.validate().is_ok());
        assert!(db.execute(&apply(patch)).await.unwrap_err().is_check_violation());
        let patch = AccountPatch::default().phone(None).website(None).verified(true);
        assert_eq!(patch.validate().unwrap_err().field("verified")[0].constraint, Some("contact_given"));
        let patch = AccountPatch::default().discount(None);
        assert_eq!(patch.validate().unwrap_err().field("discount")[0].code, Code::Required);
        assert!(db.execute(&apply(patch)).await.is_err());
    })
    .await;
}

#[test]
fn requests_deserialise_with_absent_distinct_from_null() {
    use sleet::types::serde_json::{from_str, Error};
    let row: NewAccount = from_str(r#"{"handle": "ann", "email": "a@b.io", "plan": "pro"}"#).unwrap();
    assert_eq!(row.plan, Field::Set(Plan::Pro));
    assert_eq!(row.seats, Field::Default);
    assert_eq!(row.bio, None);
    let missing: Result<NewAccount, Error> = from_str(r#"{"handle": "ann"}"#);
    assert!(missing.unwrap_err().to_string().contains("missing field `email`"));
    let unknown: Result<NewAccount, Error> = from_str(r#"{"handle": "ann", "email": "a@b.io", "admin": true}"#);
    assert!(unknown.unwrap_err().to_string().contains("unknown field `admin`"));
    let label: Result<NewAccount, Error> = from_str(r#"{"handle": "ann", "email": "a@b.io", "plan": "Pro"}"#);
    assert!(label.unwrap_err().to_string().contains("unknown variant `Pro`"));

    let patch: AccountPatch = from_str(r#"{"bio": null, "seats": 3}"#).unwrap();
    assert_eq!(patch.bio, Field::Set(None));
    assert_eq!(patch.seats, Field::Set(3));
    assert_eq!(patch.phone, Field::Default);
    let null_into_not_null: Result<AccountPatch, Error> = from_str(r#"{"seats": null}"#);
    assert!(null_into_not_null.is_err());
}
