//! Relations generated from the blog schema's foreign keys, used as filters on
//! related rows (`has`): one-to-many, many-to-many through `post_tags`, and a
//! self-reference (comment replies).

use blog::schema::{comments, posts, tags, users, NewComment};
use sleet::prelude::*;
use sleet::Relation;

#[tokio::test]
async fn relations_carry_their_keys_and_cardinality() {
    // The generated markers describe the foreign keys they come from.
    assert_eq!(<posts::relations::author as Relation>::ON, &[("author_id", "id")]);
    assert_eq!(<users::relations::posts as Relation>::ON, &[("id", "author_id")]);
    let through = <posts::relations::tags as Relation>::THROUGH.expect("tags go through post_tags");
    assert_eq!((through.table, through.on), ("post_tags", &[("tag_id", "id")][..]));
    assert_eq!(<comments::relations::children as Relation>::NAME, "children");
    let _: <<posts::relations::category as Relation>::Cardinality as sleet::Cardinality>::Of<i32> = Some(1);
    let _: <<posts::relations::author as Relation>::Cardinality as sleet::Cardinality>::Of<i32> = 1;
    let _: <<users::relations::posts as Relation>::Cardinality as sleet::Cardinality>::Of<i32> = vec![1];
}

#[tokio::test]
async fn has_filters_parents_by_their_related_rows() {
    crate::on_each_driver!(|db, seeded| async move {
        // One-to-many, with a condition on the related rows.
        let q = select(users::name)
            .from(users::table)
            .filter(has(users::posts()).filter(posts::published.eq(false)))
            .order_by(users::name);
        assert_eq!(
            q.to_sql().0,
            "SELECT users.name FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.author_id = users.id \
             AND (posts.published = $1)) ORDER BY users.name"
        );
        assert_eq!(db.all(&q).await.unwrap(), ["Carol"], "only Carol has a draft");
        let none: Vec<String> =
            db.all(&select(users::name).from(users::table).filter(has(users::posts()).not())).await.unwrap();
        assert_eq!(none.len(), 2, "Alice and Dave wrote nothing: {none:?}");

        // Many-to-many through the junction.
        let tagged = select(posts::slug)
            .from(posts::table)
            .filter(has(posts::tags()).filter(tags::name.eq("performance")))
            .order_by(posts::slug);
        assert!(tagged.to_sql().0.contains(
            "EXISTS (SELECT 1 FROM post_tags INNER JOIN tags ON tags.id = post_tags.tag_id WHERE post_tags.post_id = posts.id AND (tags.name = $1))"
        ));
        assert_eq!(db.all(&tagged).await.unwrap(), ["indexes"]);
        let untagged: Vec<String> =
            db.all(&select(posts::slug).from(posts::table).filter(has(posts::tags()).not())).await.unwrap();
        assert_eq!(untagged, ["draft"]);

        // A self-reference: the related rows are named after the relation.
        let question = seeded.posts[0];
        let first: i32 = db
            .one(&select(comments::id).from(comments::table).filter(comments::body.eq("Does it do joins?")))
            .await
            .unwrap();
        db.execute(&insert(comments::table).values(NewComment::new(question, seeded.users[1], "Yes.").parent_id(first)))
            .await
            .unwrap();
        let replies = sleet::alias(comments::table, "children");
        let answered = select(comments::body)
            .from(comments::table)
            .filter(has(comments::children()).filter(replies.col(comments::body).eq("Yes.")));
        assert!(answered.to_sql().0.contains("FROM comments AS \"children\" WHERE \"children\".parent_id = comments.id"));
        assert_eq!(db.all(&answered).await.unwrap(), ["Does it do joins?"]);
    })
    .await;
}
