-- ranges: every built-in range type as a column (nullable and not), arrays of
-- ranges, and user-defined range types via CREATE TYPE ... AS RANGE.

CREATE TYPE float_range AS RANGE (
    subtype = float8,
    subtype_diff = float8mi
);

CREATE TYPE time_window AS RANGE (
    subtype = time
);

CREATE TABLE reservations (
    id bigint PRIMARY KEY,
    seat_numbers int4range NOT NULL,
    ticket_ids int8range,
    price_band numrange,
    local_slot tsrange,
    booked_during tstzrange NOT NULL,
    stay daterange NOT NULL,
    blackout_dates daterange[],
    temperature float_range,
    opening_hours time_window NOT NULL DEFAULT '[09:00, 17:00)'
);

CREATE TABLE price_schedules (
    id serial PRIMARY KEY,
    valid_during daterange NOT NULL,
    quantity_tiers int4range[] NOT NULL DEFAULT '{}',
    daily_windows time_window[]
);
