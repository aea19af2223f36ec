//! The routes, each a few lines of typed sleet: list users (keyset pages, filters), a
//! user with their posts (one call, two statements), create a user or a post, patch a
//! post (absent fields stay, `null` clears), delete one, and publish one with its tags
//! in a transaction.

use crate::error::{ApiError, Body};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use blog::schema::{
    post_tags, posts, tags, users, NewPost, NewPostTag, NewTag, NewUser, Post, PostPatch, Role, Tag, User,
};
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use sleet::prelude::*;
use sleet::{Db, Validate, ValidationErrors};
use tracing::Instrument;

/// A pool of up to 16 connections to `url`; a request waits at most 5 s for one.
pub fn pool(url: &str) -> Result<Pool, Box<dyn std::error::Error + Send + Sync>> {
    let manager = deadpool_postgres::Manager::new(url.parse()?, tokio_postgres::NoTls);
    let limit = Some(std::time::Duration::from_secs(5));
    let builder = Pool::builder(manager).max_size(16).runtime(deadpool_postgres::Runtime::Tokio1);
    Ok(builder.wait_timeout(limit).create_timeout(limit).build()?)
}

/// Every route, traced per request.
pub fn router(pool: Pool) -> Router {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(user_with_posts))
        .route("/posts", post(create_post))
        .route("/posts/{id}", patch(update_post).delete(delete_post))
        .route("/posts/{id}/publish", post(publish_post))
        .layer(middleware::from_fn(trace))
        .with_state(pool)
}

/// A span per request (with the caller's `x-request-id`, when it sends one): the
/// `sleet.query` spans of its statements nest inside it.
async fn trace(request: Request, next: Next) -> Response {
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id
    );
    async move {
        let started = std::time::Instant::now();
        let response = next.run(request).await;
        tracing::info!(status = response.status().as_u16(), elapsed_us = started.elapsed().as_micros(), "done");
        response
    }
    .instrument(span)
    .await
}

/// A connection for this request; statements stay prepared on it between requests.
async fn db(pool: &Pool) -> Result<Db<deadpool_postgres::Object>, ApiError> {
    Ok(Db::new(pool.get().await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFilter {
    /// Page size, 1 to 100 (default 20).
    limit: Option<i64>,
    /// The last id of the previous page.
    after: Option<i32>,
    role: Option<Role>,
    /// Part of the name, any case.
    q: Option<String>,
}

#[derive(Serialize)]
struct UserPage {
    users: Vec<User>,
    /// `after` for the next page, when there is one.
    next: Option<i32>,
}

/// `GET /users?limit=&after=&role=&q=`
async fn list_users(
    State(pool): State<Pool>,
    filter: Result<Query<UserFilter>, QueryRejection>,
) -> Result<Json<UserPage>, ApiError> {
    let Query(filter) = filter.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = filter.limit.unwrap_or(20).clamp(1, 100);
    let pattern = filter.q.map(|q| format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    let query = from(users::table)
        .filter(users::id.gt(filter.after.unwrap_or(0)))
        .filter(maybe(filter.role.map(|r| users::role.eq(r))))
        .filter(maybe(pattern.map(|p| users::name.ilike(p))))
        .order_by(users::id.asc())
        .limit(limit + 1);
    let mut users = db(&pool).await?.all(&query).await?;
    let next = (users.len() > usize::try_from(limit).unwrap_or(usize::MAX)).then(|| {
        users.pop();
        users.last().map_or(0, |u| u.id)
    });
    Ok(Json(UserPage { users, next }))
}

#[derive(Serialize)]
struct UserWithPosts {
    #[serde(flatten)]
    user: User,
    posts: Vec<Post>,
}

/// `GET /users/{id}`: the user and their posts, newest first.
async fn user_with_posts(State(pool): State<Pool>, Path(id): Path<i32>) -> Result<Json<UserWithPosts>, ApiError> {
    let db = db(&pool).await?;
    let found = db
        .query(users::table)
        .with(users::posts().order_by(posts::created_at.desc()))
        .filter(users::id.eq(id))
        .first()
        .await?
        .ok_or(ApiError::NotFound)?;
    let (user, (posts,)) = found.into_parts();
    Ok(Json(UserWithPosts { user, posts }))
}

/// `POST /users`: 201 with the row and its `Location`.
async fn create_user(State(pool): State<Pool>, Body(new): Body<NewUser>) -> Result<Response, ApiError> {
    new.validate()?;
    let user = db(&pool).await?.one(&insert(users::table).values(new).returning()).await?;
    Ok(created(format!("/users/{}", user.id), user))
}

/// `POST /posts`: an unknown author is a 422 on `author_id`, from the database.
async fn create_post(State(pool): State<Pool>, Body(new): Body<NewPost>) -> Result<Response, ApiError> {
    new.validate()?;
    let post = db(&pool).await?.one(&insert(posts::table).values(new).returning()).await?;
    Ok(created(format!("/posts/{}", post.id), post))
}

fn created(location: String, body: impl Serialize) -> Response {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response()
}

/// `PATCH /posts/{id}`: only the fields present change; `null` sets NULL.
async fn update_post(
    State(pool): State<Pool>,
    Path(id): Path<i32>,
    Body(patch): Body<PostPatch>,
) -> Result<Json<Post>, ApiError> {
    patch.validate()?;
    let statement = update(posts::table).set(patch).filter(posts::id.eq(id)).returning();
    Ok(Json(db(&pool).await?.optional(&statement).await?.ok_or(ApiError::NotFound)?))
}

/// `DELETE /posts/{id}`: 204, or 404.
async fn delete_post(State(pool): State<Pool>, Path(id): Path<i32>) -> Result<StatusCode, ApiError> {
    match db(&pool).await?.execute(&delete(posts::table).filter(posts::id.eq(id))).await? {
        0 => Err(ApiError::NotFound),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Publish {
    tags: Vec<String>,
}

#[derive(Serialize)]
struct Published {
    #[serde(flatten)]
    post: Post,
    tags: Vec<Tag>,
}

/// `POST /posts/{id}/publish` `{"tags": [...]}`: marks the post published and tags it,
/// creating the tags it lacks, all or nothing.
async fn publish_post(
    State(pool): State<Pool>,
    Path(id): Path<i32>,
    Body(body): Body<Publish>,
) -> Result<Json<Published>, ApiError> {
    let new_tags: Vec<NewTag> = body.tags.into_iter().map(NewTag::new).collect();
    let mut invalid = ValidationErrors::new();
    for (i, tag) in new_tags.iter().enumerate() {
        if let Err(errors) = tag.validate() {
            for (field, violations) in errors.fields() {
                violations.iter().for_each(|v| invalid.add(format!("tags[{i}].{field}"), v.clone()));
            }
        }
    }
    invalid.into_result()?;
    let mut db = db(&pool).await?;
    let published = db
        .transaction(async |tx| {
            let now = sleet::types::chrono::Utc::now();
            let changes = PostPatch::default().published(true).published_at(Some(now));
            let publish = update(posts::table).set(changes).filter(posts::id.eq(id)).returning();
            let post = tx.optional(&publish).await?.ok_or(ApiError::NotFound)?;
            let mut tags = Vec::new();
            if !new_tags.is_empty() {
                // An upsert that returns existing tags too.
                let upsert = insert(tags::table)
                    .values_many(new_tags)
                    .on_conflict(tags::name)
                    .do_update_set(tags::name, excluded(tags::name))
                    .returning();
                tags = tx.all(&upsert).await?;
                let links = tags.iter().map(|t| NewPostTag::new(post.id, t.id));
                tx.execute(&insert(post_tags::table).values_many(links).on_conflict_do_nothing()).await?;
            }
            Ok::<_, ApiError>(Published { post, tags })
        })
        .await?;
    Ok(Json(published))
}
