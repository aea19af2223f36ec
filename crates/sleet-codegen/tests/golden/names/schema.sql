-- names: Rust keywords and names that collide after case conversion:
-- tables "type", "self", "match", "user", "order"; keyword and odd column
-- names; "userId" vs "user_id"; "user_account" vs "UserAccount"; a table
-- and an enum that both become `Status`; "posts" vs "post".

CREATE TYPE status AS ENUM ('active', 'inactive');

-- PostgreSQL rejects a table named status next to the type status in the
-- same schema (a table's row type takes its name), so the table is "Status"
-- here and plain status in another schema. Both collide with the enum in Rust.
CREATE TABLE "Status" (
    id int PRIMARY KEY,
    status status NOT NULL,
    label text NOT NULL
);

CREATE SCHEMA archive;
CREATE TABLE archive.status (
    id int PRIMARY KEY,
    status public.status NOT NULL
);

CREATE TABLE "type" (
    id int PRIMARY KEY,
    type text NOT NULL,
    self text,
    crate text,
    super text,
    fn text,
    async boolean,
    "Self" text,
    "table" text
);

CREATE TABLE "self" (id int PRIMARY KEY, "match" int, "impl" text, "where" text);

CREATE TABLE "match" (id int PRIMARY KEY, "loop" int, "move" text, "ref" text, "dyn" text);

CREATE TABLE "user" (
    id bigint PRIMARY KEY,
    "userId" bigint,
    user_id bigint,
    "CamelCase" text,
    "with space" text,
    "ünïcode" text,
    "123abc" text,
    "UPPER" text,
    "mod" text,
    "use" text
);

CREATE TABLE "order" (
    id bigint PRIMARY KEY,
    "user" bigint REFERENCES "user" (id),
    "type" text NOT NULL,
    "group" text,
    "limit" int,
    "default" text
);

-- Distinct in PostgreSQL, identical after snake_case/CamelCase conversion.
CREATE TABLE user_account (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE "UserAccount" (id bigint PRIMARY KEY, "displayName" text);

-- Singular/plural pair.
CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);
CREATE TABLE post (id bigint PRIMARY KEY, body text NOT NULL);
