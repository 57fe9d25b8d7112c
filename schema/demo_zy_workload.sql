-- Demo data for the forward workload and client delays (issue 16). Loaded after the other demo
-- files (name order; demo_zz_activity_order.sql renumbers the activity lines afterwards), in the
-- same transaction; dates relative to the day the demo is seeded.
--
-- Workload: the mobile ordering app (8, Northwind) gets its build tasks. Sara (capacity 32 h a
-- week, demo_time.sql) takes the two screen builds in the next two weeks, 40 h a week on top of
-- the product page migration and the discovery prep she has already: /workload shows her
-- over-booked, and the task form says so beside her name.
-- Delays: the website relaunch (1) and the ERP integration (4) wait on their clients for a
-- few things now (store locator API credentials, product photos, SAP QA access, the go-live
-- date) and waited before (design feedback, test order data); with the approvals and change
-- requests pending in demo_client.sql and demo_plan*.sql they make the "days lost waiting on
-- client input" of both projects.

SET @next_mon = CURDATE() - INTERVAL WEEKDAY(CURDATE()) DAY + INTERVAL 7 DAY;

INSERT INTO tasks (project_id, milestone_id, title, description, assignee_id, start_date, due_date, estimate_minutes, status, client_visible, created_at, updated_at) VALUES
 (8, NULL, 'Catalogue and reorder screens', 'iOS and Android: catalogue, search, the reorder list.', 6, @next_mon, @next_mon + INTERVAL 11 DAY, 2400, 'todo', 1, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (8, NULL, 'Delivery slot picker', 'Slots from the Northwind routing API; offline fallback.', 6, @next_mon, @next_mon + INTERVAL 11 DAY, 2400, 'todo', 1, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (8, NULL, 'App store listings and screenshots', NULL, 3, @next_mon + INTERVAL 14 DAY, @next_mon + INTERVAL 18 DAY, 600, 'todo', 0, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY);

INSERT INTO client_waits (project_id, task_id, milestone_id, what, started_on, ended_on, started_by, ended_by, created_at, ended_at) VALUES
 (1, NULL, 2, 'Feedback on the second round of visual designs', CURDATE() - INTERVAL 32 DAY, CURDATE() - INTERVAL 26 DAY, 2, 2, UTC_TIMESTAMP() - INTERVAL 32 DAY, UTC_TIMESTAMP() - INTERVAL 26 DAY),
 (1, 8, NULL, 'Store locator API credentials from Acme IT', CURDATE() - INTERVAL 5 DAY, NULL, 2, NULL, UTC_TIMESTAMP() - INTERVAL 5 DAY, NULL),
 (1, 9, NULL, 'Final product photo export (1,200 products)', CURDATE() - INTERVAL 3 DAY, NULL, 2, NULL, UTC_TIMESTAMP() - INTERVAL 3 DAY, NULL),
 (4, 17, NULL, 'Test order export from Globex', CURDATE() - INTERVAL 20 DAY, CURDATE() - INTERVAL 15 DAY, 2, 2, UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (4, 18, NULL, 'Access to the SAP QA system for the error queue', CURDATE() - INTERVAL 8 DAY, NULL, 2, NULL, UTC_TIMESTAMP() - INTERVAL 8 DAY, NULL),
 (4, NULL, 6, 'Go-live weekend confirmed by Globex operations', CURDATE() - INTERVAL 2 DAY, NULL, 2, NULL, UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL);

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 1, 2, 'client_wait', NULL, NULL, 'Milestone “Design approved”: Feedback on the second round of visual designs', 0, UTC_TIMESTAMP() - INTERVAL 32 DAY),
 (1, 1, 2, 'client_wait_cleared', NULL, NULL, 'Milestone “Design approved”: Feedback on the second round of visual designs', 0, UTC_TIMESTAMP() - INTERVAL 26 DAY),
 (1, 1, 2, 'client_wait', NULL, NULL, 'Task “Store locator API workaround (internal)”: Store locator API credentials from Acme IT', 0, UTC_TIMESTAMP() - INTERVAL 5 DAY),
 (1, 1, 2, 'client_wait', NULL, NULL, 'Task “Product page migration”: Final product photo export (1,200 products)', 0, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (2, 4, 2, 'client_wait', NULL, NULL, 'Task “Stock sync service”: Test order export from Globex', 0, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (2, 4, 2, 'client_wait_cleared', NULL, NULL, 'Task “Stock sync service”: Test order export from Globex', 0, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (2, 4, 2, 'client_wait', NULL, NULL, 'Task “Error queue and monitoring”: Access to the SAP QA system for the error queue', 0, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (2, 4, 2, 'client_wait', NULL, NULL, 'Milestone “Go-live”: Go-live weekend confirmed by Globex operations', 0, UTC_TIMESTAMP() - INTERVAL 2 DAY);

-- change requests of the demo went to the client when their first approval was asked, or when
-- they were last updated (the migration does the same for rows it finds; the demo comes after it)
UPDATE change_requests c SET c.proposed_at = COALESCE(
    (SELECT MIN(a.created_at) FROM approvals a WHERE a.change_id = c.id), c.updated_at)
  WHERE c.status <> 'draft' AND c.proposed_at IS NULL;
