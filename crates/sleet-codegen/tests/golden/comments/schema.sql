-- comments: COMMENT ON TABLE/COLUMN/TYPE/VIEW with multi-line text, quotes
-- and markdown-ish content; a comment set then replaced; a comment removed
-- with IS NULL.

CREATE TYPE shipment_state AS ENUM ('pending', 'shipped', 'delivered');

CREATE TABLE shipments (
    id bigint PRIMARY KEY,
    tracking_code text NOT NULL,
    state shipment_state NOT NULL,
    weight_grams int,
    notes text
);

CREATE VIEW open_shipments AS
SELECT id, tracking_code FROM shipments WHERE state <> 'delivered';

COMMENT ON TABLE shipments IS 'Physical parcels sent to customers.

One row per parcel; a single order may produce **several** shipments.

- `tracking_code` comes from the carrier
- see [carrier docs](https://example.com/docs)';

COMMENT ON COLUMN shipments.tracking_code IS 'Carrier''s tracking code, e.g. "1Z999AA10123456784".';
COMMENT ON COLUMN shipments.weight_grams IS E'Weight in grams.\nNULL when not yet weighed.\tTabs\\backslashes too.';

-- Set, then replaced: only the second text should survive.
COMMENT ON COLUMN shipments.state IS 'Old description.';
COMMENT ON COLUMN shipments.state IS 'Lifecycle state; see `shipment_state`.';

-- Set, then removed.
COMMENT ON COLUMN shipments.notes IS 'Free-form notes.';
COMMENT ON COLUMN shipments.notes IS NULL;

COMMENT ON TYPE shipment_state IS 'Where a parcel is:
  * pending   - label printed
  * shipped   - handed to carrier
  * delivered - signed for';

COMMENT ON VIEW open_shipments IS 'Shipments that have not been delivered yet. /* not a comment */ -- nor this';
COMMENT ON COLUMN open_shipments.tracking_code IS 'Same as shipments.tracking_code.';

-- An empty string removes the comment, just like IS NULL.
COMMENT ON COLUMN shipments.id IS 'Surrogate key.';
COMMENT ON COLUMN shipments.id IS '';
