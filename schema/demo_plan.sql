-- Demo data for planning: project members, milestones, tasks with
-- dependencies, a baseline with some slip, risks and change requests.
-- Loaded after demo.sql in the same transaction. Dates relative to today.
-- Website relaunch (1) is in execution with a baseline taken 60 days ago, a
-- change approved since (+5 days), and one dependant starting too early.

INSERT INTO project_members (project_id, user_id, added_at) VALUES
 (1, 3, UTC_TIMESTAMP() - INTERVAL 70 DAY), (1, 5, UTC_TIMESTAMP() - INTERVAL 70 DAY), (1, 6, UTC_TIMESTAMP() - INTERVAL 70 DAY),
 (4, 3, UTC_TIMESTAMP() - INTERVAL 90 DAY), (4, 5, UTC_TIMESTAMP() - INTERVAL 90 DAY),
 (3, 6, UTC_TIMESTAMP() - INTERVAL 10 DAY), (3, 3, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (6, 5, UTC_TIMESTAMP() - INTERVAL 30 DAY), (8, 3, UTC_TIMESTAMP() - INTERVAL 45 DAY), (8, 6, UTC_TIMESTAMP() - INTERVAL 45 DAY);

UPDATE projects SET baseline_at = UTC_TIMESTAMP() - INTERVAL 60 DAY, baseline_due = CURDATE() + INTERVAL 35 DAY WHERE id = 1;
UPDATE projects SET baseline_at = UTC_TIMESTAMP() - INTERVAL 85 DAY, baseline_due = CURDATE() + INTERVAL 7 DAY WHERE id = 4;

INSERT INTO milestones (id, project_id, name, due_date, client_visible, reached_on, reached_by, baseline_due, created_at, updated_at) VALUES
 (1, 1, 'Discovery signed off', CURDATE() - INTERVAL 55 DAY, 1, CURDATE() - INTERVAL 54 DAY, 2, CURDATE() - INTERVAL 56 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 54 DAY),
 (2, 1, 'Design approved', CURDATE() - INTERVAL 20 DAY, 1, CURDATE() - INTERVAL 19 DAY, 2, CURDATE() - INTERVAL 28 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 19 DAY),
 (3, 1, 'Beta live', CURDATE() + INTERVAL 12 DAY, 1, NULL, NULL, CURDATE() + INTERVAL 5 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (4, 1, 'Launch', CURDATE() + INTERVAL 40 DAY, 1, NULL, NULL, CURDATE() + INTERVAL 35 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (5, 4, 'Order sync in test', CURDATE() - INTERVAL 20 DAY, 1, CURDATE() - INTERVAL 18 DAY, 2, CURDATE() - INTERVAL 25 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 18 DAY),
 (6, 4, 'Go-live', CURDATE() + INTERVAL 14 DAY, 1, NULL, NULL, CURDATE() + INTERVAL 7 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (7, 3, 'Discovery workshop', CURDATE() + INTERVAL 20 DAY, 1, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 12 DAY, UTC_TIMESTAMP() - INTERVAL 12 DAY),
 (8, 3, 'MVP in pilot', CURDATE() + INTERVAL 110 DAY, 1, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 12 DAY, UTC_TIMESTAMP() - INTERVAL 12 DAY);

-- the relaunch's NPS survey (demo_client.sql) goes out when the design is approved
UPDATE survey_plans SET milestone_id = 2 WHERE project_id = 1;

INSERT INTO tasks (id, project_id, milestone_id, title, description, assignee_id, start_date, due_date, estimate_minutes, status, client_visible, completed_at, completed_by, baseline_start, baseline_due, created_at, updated_at) VALUES
 (1, 1, 1, 'Stakeholder interviews', 'Eight interviews across marketing, stores and e-commerce.', 3, CURDATE() - INTERVAL 70 DAY, CURDATE() - INTERVAL 62 DAY, 960, 'done', 1, UTC_TIMESTAMP() - INTERVAL 62 DAY, 3, CURDATE() - INTERVAL 70 DAY, CURDATE() - INTERVAL 62 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 62 DAY),
 (2, 1, 1, 'Content audit of 1,200 product pages', NULL, 6, CURDATE() - INTERVAL 63 DAY, CURDATE() - INTERVAL 56 DAY, 1440, 'done', 0, UTC_TIMESTAMP() - INTERVAL 56 DAY, 6, CURDATE() - INTERVAL 63 DAY, CURDATE() - INTERVAL 57 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 56 DAY),
 (3, 1, 2, 'Sitemap and information architecture', NULL, 6, CURDATE() - INTERVAL 55 DAY, CURDATE() - INTERVAL 45 DAY, 1200, 'done', 1, UTC_TIMESTAMP() - INTERVAL 45 DAY, 6, CURDATE() - INTERVAL 56 DAY, CURDATE() - INTERVAL 47 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 45 DAY),
 (4, 1, 2, 'Wireframes', NULL, 5, CURDATE() - INTERVAL 44 DAY, CURDATE() - INTERVAL 34 DAY, 2400, 'done', 1, UTC_TIMESTAMP() - INTERVAL 34 DAY, 5, CURDATE() - INTERVAL 46 DAY, CURDATE() - INTERVAL 38 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 34 DAY),
 (5, 1, 2, 'Visual design', 'Home, category, product, store pages; dark and light.', 5, CURDATE() - INTERVAL 33 DAY, CURDATE() - INTERVAL 21 DAY, 3600, 'done', 1, UTC_TIMESTAMP() - INTERVAL 21 DAY, 5, CURDATE() - INTERVAL 37 DAY, CURDATE() - INTERVAL 29 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 21 DAY),
 (6, 1, 3, 'Headless CMS setup', NULL, 3, CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 16 DAY, 1800, 'done', 0, UTC_TIMESTAMP() - INTERVAL 16 DAY, 3, CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 18 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 16 DAY),
 (7, 1, 3, 'Template build (30 templates)', NULL, 3, CURDATE() - INTERVAL 15 DAY, CURDATE() + INTERVAL 6 DAY, 4800, 'doing', 1, NULL, NULL, CURDATE() - INTERVAL 17 DAY, CURDATE() + INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (8, 1, 3, 'Store locator API workaround (internal)', 'Acme API is late; stub it behind a flag.', 3, CURDATE() - INTERVAL 5 DAY, CURDATE() + INTERVAL 8 DAY, 1200, 'blocked', 0, NULL, NULL, CURDATE() - INTERVAL 10 DAY, CURDATE() + INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (9, 1, 3, 'Product page migration', NULL, 6, CURDATE() + INTERVAL 2 DAY, CURDATE() + INTERVAL 12 DAY, 2400, 'todo', 1, NULL, NULL, CURDATE() + INTERVAL 2 DAY, CURDATE() + INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (10, 1, 4, 'Accessibility audit', NULL, 5, CURDATE() + INTERVAL 13 DAY, CURDATE() + INTERVAL 20 DAY, 960, 'todo', 1, NULL, NULL, CURDATE() + INTERVAL 11 DAY, CURDATE() + INTERVAL 18 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (11, 1, 4, 'Load testing and margin check (internal)', NULL, 3, CURDATE() + INTERVAL 15 DAY, CURDATE() + INTERVAL 22 DAY, 720, 'todo', 0, NULL, NULL, CURDATE() + INTERVAL 13 DAY, CURDATE() + INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (12, 1, 4, 'User acceptance testing with Acme', NULL, 6, CURDATE() + INTERVAL 21 DAY, CURDATE() + INTERVAL 32 DAY, 1920, 'todo', 1, NULL, NULL, CURDATE() + INTERVAL 19 DAY, CURDATE() + INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (13, 1, 4, 'Launch and DNS cutover', NULL, 3, CURDATE() + INTERVAL 36 DAY, CURDATE() + INTERVAL 38 DAY, 480, 'todo', 1, NULL, NULL, CURDATE() + INTERVAL 32 DAY, CURDATE() + INTERVAL 34 DAY, UTC_TIMESTAMP() - INTERVAL 75 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (14, 1, NULL, 'Team retrospective', NULL, 2, CURDATE() + INTERVAL 39 DAY, CURDATE() + INTERVAL 40 DAY, 240, 'todo', 0, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (15, 4, 5, 'Order mapping', NULL, 3, CURDATE() - INTERVAL 85 DAY, CURDATE() - INTERVAL 60 DAY, 3000, 'done', 1, UTC_TIMESTAMP() - INTERVAL 60 DAY, 3, CURDATE() - INTERVAL 85 DAY, CURDATE() - INTERVAL 65 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (16, 4, 5, 'Order sync service', NULL, 3, CURDATE() - INTERVAL 59 DAY, CURDATE() - INTERVAL 21 DAY, 6000, 'done', 1, UTC_TIMESTAMP() - INTERVAL 21 DAY, 3, CURDATE() - INTERVAL 64 DAY, CURDATE() - INTERVAL 26 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 21 DAY),
 (17, 4, 6, 'Stock sync service', NULL, 5, CURDATE() - INTERVAL 20 DAY, CURDATE() + INTERVAL 3 DAY, 4800, 'doing', 1, NULL, NULL, CURDATE() - INTERVAL 25 DAY, CURDATE() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (18, 4, 6, 'Error queue and monitoring', NULL, 5, CURDATE() - INTERVAL 6 DAY, CURDATE() - INTERVAL 1 DAY, 1200, 'blocked', 0, NULL, NULL, CURDATE() - INTERVAL 10 DAY, CURDATE() - INTERVAL 4 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (19, 4, 6, 'End-to-end test on SAP QA', NULL, 3, CURDATE() + INTERVAL 4 DAY, CURDATE() + INTERVAL 10 DAY, 1440, 'todo', 1, NULL, NULL, CURDATE() - INTERVAL 1 DAY, CURDATE() + INTERVAL 4 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (20, 4, 6, 'Go-live weekend', NULL, 2, CURDATE() + INTERVAL 12 DAY, CURDATE() + INTERVAL 14 DAY, 960, 'todo', 1, NULL, NULL, CURDATE() + INTERVAL 5 DAY, CURDATE() + INTERVAL 7 DAY, UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (21, 3, 7, 'Discovery workshop prep', NULL, 6, CURDATE() + INTERVAL 10 DAY, CURDATE() + INTERVAL 19 DAY, 960, 'todo', 1, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (22, 3, 8, 'ERP single sign-on spike', NULL, 3, CURDATE() + INTERVAL 21 DAY, CURDATE() + INTERVAL 35 DAY, 1800, 'todo', 0, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (23, 3, 8, 'Order history and invoices', NULL, 3, CURDATE() + INTERVAL 36 DAY, CURDATE() + INTERVAL 80 DAY, 6000, 'todo', 1, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (24, 3, 8, 'Returns flow', NULL, 6, CURDATE() + INTERVAL 60 DAY, CURDATE() + INTERVAL 100 DAY, 4800, 'todo', 1, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY);

INSERT INTO task_deps (task_id, depends_on_id, project_id) VALUES
 (3, 1, 1), (3, 2, 1), (4, 3, 1), (5, 4, 1), (7, 5, 1), (7, 6, 1), (8, 6, 1), (9, 7, 1), (10, 7, 1),
 (11, 7, 1), (12, 9, 1), (12, 10, 1), (13, 12, 1), (13, 11, 1), (14, 13, 1),
 (16, 15, 4), (17, 16, 4), (18, 16, 4), (19, 17, 4), (19, 18, 4), (20, 19, 4),
 (22, 21, 3), (23, 22, 3), (24, 22, 3);

INSERT INTO risks (project_id, title, probability, impact, owner_id, mitigation, status, created_at, updated_at) VALUES
 (1, 'Store locator API delivered late by Acme', 4, 4, 3, 'Stub the API behind a feature flag; weekly check-in with Acme IT.', 'open', UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (1, 'Legal review delays launch copy', 3, 5, 2, 'Send copy in batches from week 1; legal contact named.', 'open', UTC_TIMESTAMP() - INTERVAL 40 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (1, 'Content freeze slips', 3, 3, 6, 'Freeze date in the contract; migration script re-runnable.', 'open', UTC_TIMESTAMP() - INTERVAL 50 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (1, 'Lead designer away in the design phase', 2, 4, 5, 'Second designer onboarded early.', 'mitigated', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
 (1, 'Hosting costs above estimate', 2, 2, 2, NULL, 'closed', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 40 DAY),
 (1, 'Search relevance below expectations', 2, 3, 3, 'Relevance test set agreed with Acme.', 'open', UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (4, 'SAP test system unavailable', 5, 4, 2, 'Escalated to Globex IT; fallback test data set.', 'occurred', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (4, 'Data mapping errors in stock units', 3, 4, 3, 'Reconciliation report every night.', 'open', UTC_TIMESTAMP() - INTERVAL 50 DAY, UTC_TIMESTAMP() - INTERVAL 5 DAY);

INSERT INTO change_requests (project_id, title, description, impact_days, impact_minutes, impact_amount, status, created_by, decided_by, decided_at, decision_note, old_due_date, new_due_date, old_budget_minutes, old_budget_amount, created_at, updated_at) VALUES
 (1, 'Store finder filters', 'Filters by opening hours and services on the store locator.', 5, 2400, 400000, 'approved', 2, 2, UTC_TIMESTAMP() - INTERVAL 10 DAY, 'Approved by Jordan on the weekly call.', CURDATE() + INTERVAL 35 DAY, CURDATE() + INTERVAL 40 DAY, 45600, 9200000, UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (1, 'Loyalty programme teaser page', 'One landing page announcing the loyalty programme.', 3, 960, 150000, 'proposed', 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 4 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (4, 'Second warehouse in the stock sync', NULL, 7, 3000, 600000, 'draft', 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY);

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 1, 2, 'change_approved', NULL, NULL, 'Store finder filters', 1, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (1, 1, 5, 'task_completed', NULL, NULL, 'Visual design', 1, UTC_TIMESTAMP() - INTERVAL 21 DAY),
 (1, 1, 2, 'milestone_reached', NULL, NULL, 'Design approved', 1, UTC_TIMESTAMP() - INTERVAL 19 DAY);

-- KPIs agreed with the clients (schema/010_kpis.sql)
INSERT INTO project_kpis (project_id, name, target, actual, created_at, updated_at) VALUES
  (1, 'Mobile PageSpeed score', '90 or more', '84', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY),
  (1, 'Checkout conversion rate', '3.5 %', '2.9 %', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY),
  (1, 'Product pages migrated', '1,200', '870', UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
  (2, 'Templates delivered', '24', '24', UTC_TIMESTAMP() - INTERVAL 190 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
  (3, 'Trade orders placed online', '40 % of orders', '', UTC_TIMESTAMP() - INTERVAL 15 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY);
