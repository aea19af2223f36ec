-- all_types: one column of every supported scalar type, spelled the way
-- users really write them (aliases included), plus arrays and nullable
-- variants.

CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE everything (
    -- integers and serials
    small_col smallint NOT NULL,
    int_col int NOT NULL,
    int4_col int4 NOT NULL,
    integer_col integer,
    big_col bigint NOT NULL,
    int8_col int8,
    smallserial_col smallserial,
    serial_col serial,
    bigserial_col bigserial PRIMARY KEY,
    -- floating point and exact numerics
    real_col real NOT NULL,
    float4_col float4,
    double_col double precision NOT NULL,
    float8_col float8,
    numeric_col numeric NOT NULL,
    numeric_scaled_col numeric(12, 4),
    decimal_col decimal(8, 2),
    -- text
    text_col text NOT NULL,
    varchar_col varchar(40) NOT NULL,
    character_varying_col character varying(255),
    unbounded_varchar_col varchar,
    char_col char(3) NOT NULL,
    character_col character(10),
    citext_col citext NOT NULL,
    name_col name,
    -- misc
    bool_col bool NOT NULL,
    boolean_col boolean,
    bytea_col bytea NOT NULL,
    uuid_col uuid NOT NULL,
    nullable_uuid_col uuid,
    -- date and time
    date_col date NOT NULL,
    time_col time NOT NULL,
    time_without_tz_col time without time zone,
    timetz_col timetz,
    time_with_tz_col time with time zone NOT NULL,
    timestamp_col timestamp NOT NULL,
    timestamp_without_tz_col timestamp without time zone,
    timestamptz_col timestamptz NOT NULL,
    timestamp_with_tz_col timestamp with time zone,
    timestamp_precision_col timestamp(3) with time zone,
    interval_col interval NOT NULL,
    nullable_interval_col interval,
    -- json
    json_col json,
    jsonb_col jsonb NOT NULL,
    nullable_jsonb_col jsonb,
    -- network
    inet_col inet NOT NULL,
    cidr_col cidr,
    macaddr_col macaddr,
    -- system
    oid_col oid,
    -- arrays
    int_array_col int[] NOT NULL,
    int4_array_col integer ARRAY,
    bigint_array_col bigint[],
    int_matrix_col int[][] NOT NULL,
    float_matrix_col float8[][],
    -- element nullability is never enforced: '{a,NULL,c}' is a valid value
    text_array_col text[] NOT NULL,
    nullable_text_array_col text[],
    uuid_array_col uuid[],
    varchar_array_col varchar(40)[],
    bool_array_col boolean[] NOT NULL DEFAULT '{}'
);

