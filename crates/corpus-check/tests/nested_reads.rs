//! Nested reads over a composite foreign key, against a real server: related rows must
//! match their parent on every part of the key, whether the key columns are selected
//! (and read from the selection) or not (and selected apart).

mod support;

use corpus_check::golden::keys::{stock_movements, warehouses_stock, NewStockMovement, NewWarehousesStock};
use sleet::prelude::*;
use support::with_schema;

#[tokio::test]
async fn composite_keys_match_whole_pairs_with_or_without_the_key_columns_selected() {
    with_schema("keys", |db| async move {
        // Each part of a key alone matches more than one pair: the statement fetches
        // that superset, and matching must narrow it to the exact pairs.
        let stock = [("WH01", "apple"), ("WH01", "pear"), ("WH02", "apple")];
        db.execute(&insert(warehouses_stock::table).values_many(stock.map(|(w, s)| NewWarehousesStock::new(w, s))))
            .await
            .unwrap();
        let moves =
            [(1, "WH01", "apple", 5), (2, "WH01", "pear", -1), (3, "WH02", "apple", 7), (4, "WH01", "apple", 2)];
        db.execute(
            &insert(stock_movements::table).values_many(moves.map(|(id, w, s, d)| NewStockMovement::new(id, w, s, d))),
        )
        .await
        .unwrap();
        let by_pair = (warehouses_stock::warehouse_code, warehouses_stock::sku);

        // Every column selected: the keys are read from inside the selection.
        let loaded = db
            .query(warehouses_stock::table)
            .with(warehouses_stock::stock_movements().order_by(stock_movements::id))
            .order_by(by_pair)
            .all()
            .await
            .unwrap();
        let shaped: Vec<(&str, &str, Vec<i64>)> = loaded
            .iter()
            .map(|s| (s.warehouse_code.as_str(), s.sku.as_str(), s.related.0.iter().map(|m| m.id).collect()))
            .collect();
        assert_eq!(shaped, [("WH01", "apple", vec![1, 4]), ("WH01", "pear", vec![2]), ("WH02", "apple", vec![3])]);

        // No key column selected on either side.
        let loaded = db
            .query(warehouses_stock::table)
            .columns(warehouses_stock::quantity)
            .with(warehouses_stock::stock_movements().columns(stock_movements::delta).order_by(stock_movements::id))
            .order_by(by_pair)
            .all()
            .await
            .unwrap();
        let shaped: Vec<(i32, Vec<i32>)> = loaded.into_iter().map(|s| (s.row, s.related.0)).collect();
        assert_eq!(shaped, [(0, vec![5, 2]), (0, vec![-1]), (0, vec![7])]);

        // One part selected, the other not, in another order than the key's.
        let loaded = db
            .query(stock_movements::table)
            .columns((stock_movements::id, stock_movements::sku))
            .with(
                stock_movements::warehouses_stock().columns((warehouses_stock::sku, warehouses_stock::warehouse_code)),
            )
            .order_by(stock_movements::id)
            .all()
            .await
            .unwrap();
        let shaped: Vec<(i64, String, (String, String))> =
            loaded.into_iter().map(|m| (m.row.0, m.row.1, m.related.0)).collect();
        let pair = |s: &str, w: &str| (s.to_string(), w.to_string());
        assert_eq!(
            shaped,
            [
                (1, "apple".to_string(), pair("apple", "WH01")),
                (2, "pear".to_string(), pair("pear", "WH01")),
                (3, "apple".to_string(), pair("apple", "WH02")),
                (4, "apple".to_string(), pair("apple", "WH01")),
            ]
        );
    })
    .await;
}
