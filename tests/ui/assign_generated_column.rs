// `posts.title_length` is GENERATED ALWAYS: neither inserts nor patches can set it.
use blog::schema::{NewPost, PostPatch};

fn main() {
    let _ = PostPatch::default().title_length(3);
    let _ = NewPost::new("t", "t", 1).title_length(3);
}
