-- demo_plan_approvals.sql - approval requests on change requests (007). Loaded after
-- demo_client.sql and demo_plan.sql (name order): one pending on the proposed loyalty
-- page, one closed because staff recorded the store finder's approval on the weekly
-- call, and one where Jordan asked for changes through the link (the change request
-- rejected with the comment as its note, the audit record carrying the SHA-256 of the
-- canonical text of what was shown: see schema/007_change_approvals.sql). One more
-- proposed change, on the customer portal, has no request: any Acme approver decides it
-- straight from the portal's "Waiting on you".

INSERT INTO change_requests (project_id, title, description, impact_days, impact_minutes, impact_amount, status, created_by, decided_by, decided_at, decision_note, created_at, updated_at) VALUES
 (2, 'Animated logo variants', 'Three short logo animations for social media and the intro of product videos.', 6, 1200, 240000, 'rejected', 4, 7, UTC_TIMESTAMP() - INTERVAL 52 DAY, 'Not this year - one still logo is enough for the launch.', UTC_TIMESTAMP() - INTERVAL 58 DAY, UTC_TIMESTAMP() - INTERVAL 52 DAY),
 (3, 'Single sign-on with Microsoft 365', 'Acme staff sign in to the customer portal with their Microsoft 365 accounts instead of a separate password.', 4, 1920, 288000, 'proposed', 2, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY);

INSERT INTO approvals (id, project_id, document_id, version_id, change_id, contact_id, message, due_date, state, requested_by, created_at, reminded_at, decided_at)
SELECT 6, 1, NULL, NULL, id, 7, 'One extra landing page for the loyalty launch: three days and 16 hours more.', CURDATE() + INTERVAL 6 DAY, 'pending', 2, UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL, NULL
  FROM change_requests WHERE title = 'Loyalty programme teaser page';
INSERT INTO approvals (id, project_id, document_id, version_id, change_id, contact_id, message, due_date, state, requested_by, created_at, reminded_at, decided_at)
SELECT 7, 1, NULL, NULL, id, 7, 'The store finder filters we discussed.', CURDATE() - INTERVAL 8 DAY, 'closed', 2, UTC_TIMESTAMP() - INTERVAL 14 DAY, NULL, UTC_TIMESTAMP() - INTERVAL 10 DAY
  FROM change_requests WHERE title = 'Store finder filters';
INSERT INTO approvals (id, project_id, document_id, version_id, change_id, contact_id, message, due_date, state, requested_by, created_at, reminded_at, decided_at)
SELECT 8, 2, NULL, NULL, id, 7, 'Optional extra for the brand refresh.', CURDATE() - INTERVAL 50 DAY, 'changes', 4, UTC_TIMESTAMP() - INTERVAL 58 DAY, NULL, UTC_TIMESTAMP() - INTERVAL 52 DAY
  FROM change_requests WHERE title = 'Animated logo variants';

INSERT INTO approval_decisions (approval_id, decision, comment, signed_name, contact_id, recorded_by, on_behalf, ip, user_agent, version_sha256, decided_at)
SELECT 8, 'changes', 'Not this year - one still logo is enough for the launch.', 'Jordan Reyes', 7, NULL, 0, '203.0.113.24',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
  SHA2(CONCAT('tandem change request v1\nimpact-days: ', c.impact_days, '\nimpact-minutes: ', c.impact_minutes,
              '\nimpact-amount: ', c.impact_amount, ' ', p.currency, '\ntitle: ', c.title,
              '\ndescription: ', COALESCE(c.description, ''), '\n'), 256),
  UTC_TIMESTAMP(6) - INTERVAL 52 DAY
  FROM change_requests c JOIN projects p ON p.id = c.project_id WHERE c.title = 'Animated logo variants';

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 2, 7, 'change_rejected', NULL, NULL, 'Animated logo variants', 1, UTC_TIMESTAMP() - INTERVAL 52 DAY);
