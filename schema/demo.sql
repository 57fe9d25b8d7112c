-- Demo data: a small agency with five clients and ten projects over all four
-- stages and all three health colours. Loaded by `tandem seed-demo` into an
-- empty database only; password_hash 'demo' becomes the hash of `tandem-demo`.
-- Dates are relative to today, so the demo always looks current.

INSERT INTO clients (id, name, domain, cadence, notes, created_at, updated_at) VALUES
 (1, 'Acme Corp', 'acme.test', 'weekly', 'Retail group, 40 stores. Decisions go through Jordan; legal review on anything public.', UTC_TIMESTAMP() - INTERVAL 400 DAY, UTC_TIMESTAMP() - INTERVAL 400 DAY),
 (2, 'Globex', 'globex.test', 'biweekly', 'Manufacturing. Prefers calls on Tuesday mornings.', UTC_TIMESTAMP() - INTERVAL 300 DAY, UTC_TIMESTAMP() - INTERVAL 300 DAY),
 (3, 'Initech', 'initech.test', 'monthly', 'Software house; internal tools work.', UTC_TIMESTAMP() - INTERVAL 250 DAY, UTC_TIMESTAMP() - INTERVAL 250 DAY),
 (4, 'Northwind Traders', 'northwind.test', 'weekly', 'Food wholesale. Fast decisions, tight budgets.', UTC_TIMESTAMP() - INTERVAL 200 DAY, UTC_TIMESTAMP() - INTERVAL 200 DAY),
 (5, 'Helios Energy', 'helios.test', 'monthly', 'Renewables. Investor relations team is our contact.', UTC_TIMESTAMP() - INTERVAL 120 DAY, UTC_TIMESTAMP() - INTERVAL 120 DAY);

INSERT INTO users (id, email, name, role, client_id, access, password_hash, active, hourly_rate, currency, created_at, updated_at) VALUES
 (1, 'admin@demo.test', 'Dana Whitfield', 'admin', NULL, NULL, 'demo', 1, 12000, 'EUR', UTC_TIMESTAMP() - INTERVAL 500 DAY, UTC_TIMESTAMP() - INTERVAL 500 DAY),
 (2, 'pm@demo.test', 'Priya Shah', 'pm', NULL, NULL, 'demo', 1, 11000, 'EUR', UTC_TIMESTAMP() - INTERVAL 480 DAY, UTC_TIMESTAMP() - INTERVAL 480 DAY),
 (3, 'member@demo.test', 'Marco Bianchi', 'member', NULL, NULL, 'demo', 1, 9000, 'EUR', UTC_TIMESTAMP() - INTERVAL 470 DAY, UTC_TIMESTAMP() - INTERVAL 470 DAY),
 (4, 'lena@demo.test', 'Lena Fischer', 'pm', NULL, NULL, 'demo', 1, 11000, 'EUR', UTC_TIMESTAMP() - INTERVAL 360 DAY, UTC_TIMESTAMP() - INTERVAL 360 DAY),
 (5, 'tom@demo.test', 'Tom Okafor', 'member', NULL, NULL, 'demo', 1, 8500, 'EUR', UTC_TIMESTAMP() - INTERVAL 300 DAY, UTC_TIMESTAMP() - INTERVAL 300 DAY),
 (6, 'sara@demo.test', 'Sara Lindqvist', 'member', NULL, NULL, 'demo', 1, 9500, 'EUR', UTC_TIMESTAMP() - INTERVAL 200 DAY, UTC_TIMESTAMP() - INTERVAL 200 DAY),
 (7, 'client@acme.test', 'Jordan Reyes', 'client', 1, 'approve', 'demo', 1, 0, 'EUR', UTC_TIMESTAMP() - INTERVAL 390 DAY, UTC_TIMESTAMP() - INTERVAL 390 DAY),
 (8, 'viewer@acme.test', 'Casey Kim', 'client', 1, 'view', 'demo', 1, 0, 'EUR', UTC_TIMESTAMP() - INTERVAL 380 DAY, UTC_TIMESTAMP() - INTERVAL 380 DAY),
 (9, 'client@globex.test', 'Hank Morrison', 'client', 2, 'approve', 'demo', 1, 0, 'EUR', UTC_TIMESTAMP() - INTERVAL 290 DAY, UTC_TIMESTAMP() - INTERVAL 290 DAY),
 (10, 'peter@initech.test', 'Peter Gibbons', 'client', 3, 'comment', NULL, 1, 0, 'EUR', UTC_TIMESTAMP() - INTERVAL 240 DAY, UTC_TIMESTAMP() - INTERVAL 240 DAY),
 (11, 'ops@northwind.test', 'Nancy Davolio', 'client', 4, 'approve', NULL, 1, 0, 'EUR', UTC_TIMESTAMP() - INTERVAL 190 DAY, UTC_TIMESTAMP() - INTERVAL 190 DAY);

INSERT INTO projects (id, client_id, name, code, pm_id, stage, health, start_date, due_date, budget_minutes, budget_amount, currency, scope, created_at, updated_at) VALUES
 (1, 1, 'Website relaunch', 'ACME-WEB', 2, 'execution', 'amber', CURDATE() - INTERVAL 70 DAY, CURDATE() + INTERVAL 40 DAY, 48000, 9600000, 'EUR', 'New responsive site on the headless CMS: 30 templates, store locator, migration of 1,200 product pages.\nOut of scope: the loyalty programme.', UTC_TIMESTAMP() - INTERVAL 80 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (2, 1, 'Brand refresh', 'ACME-BRAND', 4, 'closure', 'green', CURDATE() - INTERVAL 200 DAY, CURDATE() - INTERVAL 20 DAY, 24000, 4200000, 'EUR', 'Logo, type and colour system; guidelines PDF; templates for print and social.', UTC_TIMESTAMP() - INTERVAL 210 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (3, 1, 'Customer portal MVP', 'ACME-PORTAL', 2, 'planning', 'green', CURDATE() + INTERVAL 10 DAY, CURDATE() + INTERVAL 120 DAY, 60000, 13500000, 'EUR', 'Order history, invoices and returns for trade customers. SSO with the ERP.', UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 5 DAY),
 (4, 2, 'ERP integration', 'GLX-ERP', 2, 'execution', 'red', CURDATE() - INTERVAL 90 DAY, CURDATE() + INTERVAL 14 DAY, 72000, 15000000, 'USD', 'Two-way sync of orders and stock between the shop and SAP; error queue and monitoring.', UTC_TIMESTAMP() - INTERVAL 100 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (5, 2, 'Q3 campaign landing pages', 'GLX-Q3', 4, 'initiation', 'green', CURDATE() + INTERVAL 20 DAY, CURDATE() + INTERVAL 60 DAY, 9000, 1800000, 'USD', 'Six landing pages with A/B variants and form tracking.', UTC_TIMESTAMP() - INTERVAL 4 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY),
 (6, 3, 'TPS report automation', 'INI-TPS', 4, 'execution', 'green', CURDATE() - INTERVAL 30 DAY, CURDATE() + INTERVAL 30 DAY, 18000, 2700000, 'EUR', 'Replace the weekly TPS spreadsheet with a generated report and cover sheet.', UTC_TIMESTAMP() - INTERVAL 40 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (7, 3, 'Intranet migration', 'INI-NET', 2, 'planning', 'amber', CURDATE() - INTERVAL 5 DAY, CURDATE() + INTERVAL 75 DAY, 30000, 5000000, 'EUR', 'Move 4,000 pages from the old intranet to the new workspace; redirects and search.', UTC_TIMESTAMP() - INTERVAL 25 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (8, 4, 'Mobile ordering app', 'NW-APP', 2, 'execution', 'green', CURDATE() - INTERVAL 45 DAY, CURDATE() + INTERVAL 60 DAY, 90000, 18000000, 'GBP', 'iOS and Android app for restaurant customers: catalogue, reorder, delivery slots.', UTC_TIMESTAMP() - INTERVAL 50 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (9, 4, 'Data warehouse', 'NW-DWH', 4, 'planning', 'red', CURDATE() - INTERVAL 15 DAY, CURDATE() + INTERVAL 45 DAY, 36000, 6000000, 'GBP', 'Sales and stock warehouse with nightly loads and three dashboards.', UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (10, 5, 'Investor site', 'HEL-IR', 4, 'initiation', 'amber', CURDATE() + INTERVAL 7 DAY, CURDATE() + INTERVAL 50 DAY, 12000, 2400000, 'EUR', 'Investor relations site with results archive and share price widget.', UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (11, 5, 'Sustainability report microsite', 'HEL-ESG', 2, 'closure', 'green', CURDATE() - INTERVAL 150 DAY, CURDATE() - INTERVAL 30 DAY, 15000, 3000000, 'EUR', 'Interactive 2025 sustainability report with downloadable data.', UTC_TIMESTAMP() - INTERVAL 160 DAY, UTC_TIMESTAMP() - INTERVAL 25 DAY);

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 2, 4, 'created', NULL, 'initiation', NULL, 1, UTC_TIMESTAMP() - INTERVAL 210 DAY),
 (1, 1, 2, 'created', NULL, 'initiation', NULL, 1, UTC_TIMESTAMP() - INTERVAL 80 DAY),
 (1, 1, 2, 'stage', 'initiation', 'planning', 'Kick-off done; scope signed.', 1, UTC_TIMESTAMP() - INTERVAL 75 DAY),
 (1, 1, 2, 'stage', 'planning', 'execution', 'Plan approved by Jordan.', 1, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (2, 4, 2, 'created', NULL, 'initiation', NULL, 1, UTC_TIMESTAMP() - INTERVAL 100 DAY),
 (2, 4, 2, 'stage', 'planning', 'execution', NULL, 1, UTC_TIMESTAMP() - INTERVAL 85 DAY),
 (1, 2, 4, 'stage', 'execution', 'closure', 'Guidelines delivered.', 1, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (4, 8, 2, 'stage', 'planning', 'execution', 'Sprint 1 started.', 1, UTC_TIMESTAMP() - INTERVAL 40 DAY),
 (3, 6, 4, 'stage', 'planning', 'execution', NULL, 1, UTC_TIMESTAMP() - INTERVAL 28 DAY),
 (5, 11, 2, 'stage', 'execution', 'closure', 'Published on time.', 1, UTC_TIMESTAMP() - INTERVAL 25 DAY),
 (1, 3, 2, 'created', NULL, 'initiation', NULL, 1, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (1, 3, 2, 'stage', 'initiation', 'planning', 'Discovery workshop booked.', 1, UTC_TIMESTAMP() - INTERVAL 12 DAY),
 (3, 7, 2, 'health', 'green', 'amber', 'Content owners slow to respond.', 0, UTC_TIMESTAMP() - INTERVAL 9 DAY),
 (1, 1, 2, 'health', 'green', 'amber', 'Store locator API late from the client side.', 0, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (5, 10, 4, 'health', 'green', 'amber', 'Waiting for the results archive export.', 0, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (4, 9, 4, 'health', 'amber', 'red', 'Source system access still missing after 2 weeks.', 0, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (2, 4, 2, 'health', 'amber', 'red', 'SAP test system down; go-live at risk.', 0, UTC_TIMESTAMP() - INTERVAL 1 DAY);
