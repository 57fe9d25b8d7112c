-- demo_client.sql - the client side's demo rows: the agency's brand, documents with
-- versions (their bytes come from file_seeds, written into files_dir by seed-demo),
-- approvals in every state with their audit records, message threads, surveys. Loaded after
-- demo.sql.

INSERT INTO settings (name, value, updated_at) VALUES
 ('brand_name', 'Northstar Studio', UTC_TIMESTAMP()),
 ('brand_accent', '#2f6fde', UTC_TIMESTAMP());

SET @brief1 = 'Website relaunch - creative brief\n\nGoals: a faster site, a clearer offer, leads from the pricing page.\nAudience: operations managers at mid-size manufacturers.\n';
SET @brief2 = 'Website relaunch - creative brief (v2)\n\nGoals: a faster site, a clearer offer, leads from the pricing page and the configurator.\nAudience: operations managers and buyers at mid-size manufacturers.\n';
SET @sitemap = 'page,parent,owner\nHome,,Marketing\nProducts,Home,Product\nPricing,Home,Sales\nConfigurator,Products,Product\nContact,Home,Sales\n';
SET @copy = 'Homepage copy, draft 1\n\nHeadline: Built for the floor, not the brochure.\nSub-line: Machines that keep running - and the people who keep them running.\n';
SET @guide = 'Brand refresh - style guide summary\n\nPrimary colour: deep blue. Typeface: Inter. Logo clear space: the height of the N.\n';
SET @erp = 'ERP integration - interface specification (internal draft)\n\nOrders flow from the web shop to SAP every five minutes.\n';

INSERT INTO file_seeds (sha256, body) VALUES
 (SHA2(@brief1, 256), @brief1), (SHA2(@brief2, 256), @brief2), (SHA2(@sitemap, 256), @sitemap),
 (SHA2(@copy, 256), @copy), (SHA2(@guide, 256), @guide), (SHA2(@erp, 256), @erp);

INSERT INTO documents (id, project_id, title, client_visible, created_by, created_at, updated_at) VALUES
 (1, 1, 'Creative brief', 1, 2, UTC_TIMESTAMP() - INTERVAL 40 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (2, 1, 'Sitemap', 1, 2, UTC_TIMESTAMP() - INTERVAL 15 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (3, 1, 'Homepage copy', 1, 3, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (4, 2, 'Style guide', 1, 4, UTC_TIMESTAMP() - INTERVAL 50 DAY, UTC_TIMESTAMP() - INTERVAL 50 DAY),
 (5, 4, 'Interface specification', 0, 2, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY);

INSERT INTO document_versions (id, document_id, version, filename, content_type, size, sha256, note, locked, uploaded_by, created_at) VALUES
 (1, 1, 1, 'creative-brief.txt', 'text/plain', LENGTH(@brief1), SHA2(@brief1, 256), 'First draft for discussion.', 0, 2, UTC_TIMESTAMP() - INTERVAL 40 DAY),
 (2, 1, 2, 'creative-brief-v2.txt', 'text/plain', LENGTH(@brief2), SHA2(@brief2, 256), 'Adds the configurator and buyers, as asked.', 1, 2, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (3, 2, 1, 'sitemap.csv', 'text/csv', LENGTH(@sitemap), SHA2(@sitemap, 256), '', 0, 2, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (4, 3, 1, 'homepage-copy.txt', 'text/plain', LENGTH(@copy), SHA2(@copy, 256), 'Tone: confident, plain.', 0, 3, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (5, 4, 1, 'style-guide.txt', 'text/plain', LENGTH(@guide), SHA2(@guide, 256), '', 1, 4, UTC_TIMESTAMP() - INTERVAL 50 DAY),
 (6, 5, 1, 'interface-spec.txt', 'text/plain', LENGTH(@erp), SHA2(@erp, 256), 'Internal only.', 0, 2, UTC_TIMESTAMP() - INTERVAL 10 DAY);

-- approvals in every state: changes requested on v1 and approved v2 of the brief,
-- pending on the sitemap (due soon), overdue on the homepage copy, approved style guide
INSERT INTO approvals (id, project_id, document_id, version_id, contact_id, message, due_date, state, requested_by, created_at, reminded_at, decided_at) VALUES
 (1, 1, 1, 1, 7, 'Please review the brief before the kick-off.', CURDATE() - INTERVAL 33 DAY, 'changes', 2, UTC_TIMESTAMP() - INTERVAL 39 DAY, NULL, UTC_TIMESTAMP() - INTERVAL 35 DAY),
 (2, 1, 1, 2, 7, 'Updated with your comments.', CURDATE() - INTERVAL 14 DAY, 'approved', 2, UTC_TIMESTAMP() - INTERVAL 20 DAY, NULL, UTC_TIMESTAMP() - INTERVAL 18 DAY),
 (3, 1, 2, 3, 7, 'The sitemap for the new site: anything missing?', CURDATE() + INTERVAL 4 DAY, 'pending', 2, UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL, NULL),
 (4, 1, 3, 4, 7, 'First homepage copy.', CURDATE() - INTERVAL 2 DAY, 'pending', 2, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY, NULL),
 (5, 2, 4, 5, 7, 'Final style guide for sign-off.', CURDATE() - INTERVAL 45 DAY, 'approved', 4, UTC_TIMESTAMP() - INTERVAL 50 DAY, NULL, UTC_TIMESTAMP() - INTERVAL 47 DAY);

INSERT INTO approval_decisions (approval_id, decision, comment, signed_name, contact_id, recorded_by, on_behalf, ip, user_agent, version_sha256, decided_at) VALUES
 (1, 'changes', 'Please add the configurator and mention buyers as an audience.', 'Jordan Reyes', 7, NULL, 0, '203.0.113.24', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15', SHA2(@brief1, 256), UTC_TIMESTAMP(6) - INTERVAL 35 DAY),
 (2, 'approve', '', 'Jordan Reyes', 7, NULL, 0, '203.0.113.24', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15', SHA2(@brief2, 256), UTC_TIMESTAMP(6) - INTERVAL 18 DAY),
 (5, 'approve', 'Approved on the phone.', 'Jordan Reyes', 7, 4, 1, '198.51.100.7', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0', SHA2(@guide, 256), UTC_TIMESTAMP(6) - INTERVAL 47 DAY);

-- tokens are only ever e-mailed; the demo's pending approvals get theirs from a
-- reminder or a new request

-- message threads: client-visible and internal ones on the Acme and Globex projects, with
-- replies and one attachment (its bytes from file_seeds); the threads' counts and last
-- message are set from their messages at the end
SET @stores = 'store,city,opening_hours\nAcme Downtown,Springfield,Mo-Sa 09:00-20:00\nAcme Riverside,Springfield,Mo-Sa 10:00-19:00\nAcme Outlet,Shelbyville,Mo-Fr 09:00-18:00\n';
INSERT INTO file_seeds (sha256, body) VALUES (SHA2(@stores, 256), @stores);

INSERT INTO message_threads (id, project_id, subject, internal, created_by, created_at, last_message_at) VALUES
 (1, 1, 'Kick-off notes', 0, 2, UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (2, 1, 'Store locator data', 0, 7, UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (3, 1, 'Budget watch', 1, 2, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (4, 1, 'Sitemap review', 0, 2, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (5, 1, 'Configurator API', 1, 3, UTC_TIMESTAMP() - INTERVAL 20 HOUR, UTC_TIMESTAMP() - INTERVAL 20 HOUR),
 (6, 2, 'Final files handover', 0, 4, UTC_TIMESTAMP() - INTERVAL 25 DAY, UTC_TIMESTAMP() - INTERVAL 25 DAY),
 (7, 2, 'Retrospective', 1, 4, UTC_TIMESTAMP() - INTERVAL 15 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (8, 4, 'Interface test run', 0, 2, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (9, 4, 'Error queue', 1, 6, UTC_TIMESTAMP() - INTERVAL 30 HOUR, UTC_TIMESTAMP() - INTERVAL 30 HOUR);

INSERT INTO messages (id, project_id, thread_id, internal, author_id, body, file_name, file_type, file_size, file_sha256, created_at) VALUES
 (1, 1, 1, 0, 2, 'Thanks for a productive kick-off, everyone.\n\nAgreed: weekly status on Tuesdays, Jordan signs off designs, legal reviews anything public. The sitemap comes first.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (2, 1, 2, 0, 7, 'Attached is the current list of stores with their opening hours. Is this format fine for the store locator?', 'store-list.csv', 'text/csv', LENGTH(@stores), SHA2(@stores, 256), UTC_TIMESTAMP() - INTERVAL 6 DAY),
 (3, 1, 2, 0, 3, 'Yes, CSV works well. We will also need latitude and longitude; we can geocode the addresses for you if that is easier.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 5 DAY - INTERVAL 4 HOUR),
 (4, 1, 2, 0, 7, 'Please geocode them, thank you.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 5 DAY),
 (5, 1, 3, 1, 2, 'We are at 70% of the hours with the templates half done. Let us review the estimate on Monday before we tell Jordan.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (6, 1, 4, 0, 2, 'Hi Jordan, the sitemap is ready for your review - the link is in your inbox.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (7, 1, 4, 0, 7, 'Thanks Priya, I will go through it with the sales team on Thursday.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (8, 1, 5, 1, 3, 'Heads-up: the configurator API is not documented yet; I asked their IT.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 20 HOUR),
 (9, 1, 5, 1, 2, 'Thanks. If we hear nothing by Friday I will add it to the risks.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 18 HOUR),
 (10, 2, 6, 0, 4, 'The final logo package and the print and social templates are in the shared documents.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 25 DAY),
 (11, 2, 6, 0, 7, 'Received, thank you all - the team loves it.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 24 DAY),
 (12, 2, 7, 1, 4, 'Icons were a week late; plan more time for iconography next time.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 15 DAY),
 (13, 4, 8, 0, 2, 'Hank, the interface test run is scheduled for Monday.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (14, 4, 8, 0, 9, 'Good, our SAP team will be on standby from 8:00.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (15, 4, 9, 1, 6, 'The error queue filled up overnight with stock updates for discontinued items; I am adding a filter.', NULL, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 30 HOUR);

UPDATE message_threads t SET
  message_count = (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id),
  last_message_id = (SELECT MAX(m.id) FROM messages m WHERE m.thread_id = t.id),
  last_message_at = (SELECT MAX(m.created_at) FROM messages m WHERE m.thread_id = t.id);

-- surveys: the brand refresh (closure) answered; the relaunch's "Design approved" survey
-- answered; the ERP's "Order sync in test" one open (milestones 2 and 5 of demo_plan.sql)
INSERT INTO survey_plans (project_id, kind, milestone_id, at_closure, updated_at) VALUES
 (2, 'csat', NULL, 1, UTC_TIMESTAMP() - INTERVAL 60 DAY),
 (1, 'nps', NULL, 1, UTC_TIMESTAMP() - INTERVAL 30 DAY);
INSERT INTO surveys (project_id, client_id, contact_id, kind, occasion, token_hash, expires_at, score, comment, created_at, answered_at) VALUES
 (2, 1, 7, 'csat', 'closure', SHA2('demo-survey-1', 256), UTC_TIMESTAMP() - INTERVAL 10 DAY, 5, 'Smooth project, great style guide.', UTC_TIMESTAMP() - INTERVAL 40 DAY, UTC_TIMESTAMP() - INTERVAL 38 DAY),
 (2, 1, 8, 'csat', 'closure', SHA2('demo-survey-2', 256), UTC_TIMESTAMP() - INTERVAL 10 DAY, 4, 'Good, a little late on the icons.', UTC_TIMESTAMP() - INTERVAL 40 DAY, UTC_TIMESTAMP() - INTERVAL 36 DAY),
 (1, 1, 7, 'nps', 'milestone-2', SHA2('demo-survey-3', 256), UTC_TIMESTAMP() + INTERVAL 20 DAY, 9, 'Very responsive team.', UTC_TIMESTAMP() - INTERVAL 9 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (4, 2, 9, 'nps', 'milestone-5', SHA2('demo-survey-4', 256), UTC_TIMESTAMP() + INTERVAL 20 DAY, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL);
