-- Relations whose natural names collide get names that say how they differ.

CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);

-- users::entries(): the entries a user wrote (entries.user_id).
CREATE TABLE entries (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users, title text NOT NULL);

-- users also reach entries through this junction: the many-to-many takes the
-- junction's name, users::entries_via_entry_subscriptions(), and entries::users().
CREATE TABLE entry_subscriptions (
    user_id int REFERENCES users,
    entry_id int REFERENCES entries,
    PRIMARY KEY (user_id, entry_id)
);

-- The last resort: a relation whose name a column already has gets a numeric suffix
-- (and a note in the report): tasks::owner_2(), since `owner` is a column.
CREATE TABLE tasks (id int PRIMARY KEY, owner text, owner_id int REFERENCES users);
