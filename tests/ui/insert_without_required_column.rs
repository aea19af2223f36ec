// `users.email` is NOT NULL without a default: a NewUser cannot be made without it.
use blog::schema::NewUser;

fn main() {
    let _ = NewUser::new("Ann");
}
