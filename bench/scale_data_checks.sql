-- Consistency of a generate_scale_data database, in SQL (PostgreSQL), at any size:
--   psql -h 127.0.0.1 -U postgres lg_bench_full -f bench/scale_data_checks.sql
-- Every "problems" count must be 0. (tests/integration/test_scale_data.py checks the same
-- through the ORM on small shops.)
\pset footer off

SELECT (SELECT count(*) FROM crm_customer) AS customers, (SELECT count(*) FROM users_user) AS users,
       (SELECT count(*) FROM catalogue_product) AS products, (SELECT count(*) FROM order_order) AS orders,
       (SELECT count(*) FROM order_line) AS order_lines, (SELECT count(*) FROM loyalty_account) AS accounts,
       (SELECT count(*) FROM loyalty_entry) AS ledger_entries, (SELECT count(*) FROM crm_feedback) AS feedback,
       pg_size_pretty(pg_database_size(current_database())) AS database_size;

WITH ledger AS (
    SELECT source_id::bigint AS order_id,
           count(*) FILTER (WHERE kind = 'earn') AS earns,
           count(*) FILTER (WHERE kind = 'pending') AS pendings,
           min(account_id) AS account_id, max(account_id) AS last_account_id
    FROM loyalty_entry WHERE source_type = 'order' GROUP BY 1
), balances AS (
    SELECT account_id, sum(available_delta) AS available, sum(pending_delta) AS pending
    FROM loyalty_entry GROUP BY 1
), history AS (
    SELECT link.customer_id, count(*) AS orders, sum(o.total_incl_tax) AS spent,
           min(o.date_placed) AS first_order, max(o.date_placed) AS last_order
    FROM crm_customerorder link JOIN order_order o ON o.id = link.order_id
    WHERE o.status <> 'Cancelled' GROUP BY 1
)
SELECT check_name, problems FROM (
    SELECT 'completed order without exactly one earn entry' AS check_name, count(*) AS problems
    FROM order_order o LEFT JOIN ledger ON ledger.order_id = o.id
    WHERE o.status = 'Completed' AND coalesce(ledger.earns, 0) <> 1
    UNION ALL
    SELECT 'earn entry on an order that is not completed', count(*)
    FROM order_order o JOIN ledger ON ledger.order_id = o.id WHERE o.status <> 'Completed' AND ledger.earns > 0
    UNION ALL
    SELECT 'live order without exactly one pending entry', count(*)
    FROM order_order o LEFT JOIN ledger ON ledger.order_id = o.id
    WHERE o.status <> 'Cancelled' AND coalesce(ledger.pendings, 0) <> 1
    UNION ALL
    SELECT 'entry on a cancelled or missing order', count(*)
    FROM ledger LEFT JOIN order_order o ON o.id = ledger.order_id WHERE o.id IS NULL OR o.status = 'Cancelled'
    UNION ALL
    SELECT 'entry on another customer''s account', count(*)
    FROM ledger JOIN crm_customerorder link ON link.order_id = ledger.order_id
    JOIN loyalty_account account ON account.id = ledger.account_id
    WHERE account.customer_id <> link.customer_id OR ledger.account_id <> ledger.last_account_id
    UNION ALL
    SELECT 'account balance not equal to its ledger', count(*)
    FROM loyalty_account account LEFT JOIN balances ON balances.account_id = account.id
    WHERE account.available IS DISTINCT FROM balances.available OR account.pending IS DISTINCT FROM balances.pending
    UNION ALL
    SELECT 'order without its customer link', count(*)
    FROM order_order o LEFT JOIN crm_customerorder link ON link.order_id = o.id WHERE link.id IS NULL
    UNION ALL
    SELECT 'order total not lines plus shipping', count(*)
    FROM order_order o LEFT JOIN (SELECT order_id, sum(line_price_incl_tax) AS lines FROM order_line GROUP BY 1) l
        ON l.order_id = o.id
    WHERE o.total_incl_tax IS DISTINCT FROM l.lines + o.shipping_incl_tax
    UNION ALL
    SELECT 'feedback not on a completed order of the same customer', count(*)
    FROM crm_feedback f JOIN order_order o ON o.id = f.order_id JOIN crm_customerorder link ON link.order_id = o.id
    WHERE o.status <> 'Completed' OR link.customer_id IS DISTINCT FROM f.customer_id
    UNION ALL
    SELECT 'customer order stats not equal to the orders', count(*)
    FROM crm_customer c LEFT JOIN history h ON h.customer_id = c.id
    WHERE c.order_count <> coalesce(h.orders, 0) OR c.total_spent <> coalesce(h.spent, 0)
       OR c.first_order IS DISTINCT FROM h.first_order OR c.last_order IS DISTINCT FROM h.last_order
    UNION ALL
    SELECT 'buyer without an RFM segment', count(*) FROM crm_customer WHERE order_count > 0 AND segment = ''
    UNION ALL
    SELECT 'foreign key not validated', count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated
) checks;
