-- demo_report.sql - status reports on the demo projects: two published on Acme's website
-- relaunch (the portal shows the latest), one draft on it waiting to be published, with the
-- client-visible activity line of the latest publication (the stream is read in id
-- order, and the older one would sit above the planning area's later lines). Loaded
-- after demo.sql. The published snapshots agree with the demo plan and time: progress
-- by estimates of done tasks (39 % then 47 %, as the project page computes it today),
-- hours of submitted and approved time before each date, the budget before the
-- 27 Nov change request for the first one.

INSERT INTO status_reports (id, project_id, author_id, period_date, health, summary, done_text, next_text,
  risks_text, decisions_text, include_budget, state, published_at, published_by, snap_stage, snap_progress,
  snap_progress_basis, snap_tasks_done, snap_tasks_total, snap_milestones_reached, snap_milestones_total,
  snap_budget_minutes, snap_spent_minutes, snap_budget_amount, snap_spent_amount, snap_currency,
  created_at, updated_at) VALUES
 (1, 1, 2, CURDATE() - INTERVAL 21 DAY, 'green',
  'Design is approved and build has started on schedule. The component library is ready and the first ten templates are in development.',
  '- Milestone reached: Design approved\n- Component library built and documented\n- CMS content model agreed with your editors',
  '- Build the product and category templates\n- Start the store locator integration\n- Prepare the content migration dry run',
  'The store data feed from your IT team is needed by the end of next week for the locator.',
  NULL, 1, 'published', UTC_TIMESTAMP() - INTERVAL 21 DAY, 2, 'execution', 39,
  'estimates', 5, 14, 2, 4,
  45600, 31500, 9200000, 4137000, 'EUR', UTC_TIMESTAMP() - INTERVAL 22 DAY, UTC_TIMESTAMP() - INTERVAL 21 DAY),
 (2, 1, 2, CURDATE() - INTERVAL 7 DAY, 'amber',
  'Build is progressing, but the store locator depends on a data feed that arrived a week late; the beta date is at risk by about five days. We are reordering work to absorb most of it.',
  '- Product and category templates built\n- Content migration dry run: 1,140 of 1,200 pages moved automatically\n- Store data feed received and mapped',
  '- Finish the store locator and checkout hand-off\n- Fix the 60 pages the migration could not move\n- Beta release to your internal testers',
  'Beta may move by up to five days because of the late data feed. The remaining pages need manual fixes.',
  'Please confirm whether the loyalty programme teaser should appear on the home page at launch (it is out of scope today).',
  0, 'published', UTC_TIMESTAMP() - INTERVAL 7 DAY, 2, 'execution', 47,
  'estimates', 6, 14, 2, 4,
  48000, 37800, NULL, NULL, NULL, UTC_TIMESTAMP() - INTERVAL 8 DAY, UTC_TIMESTAMP() - INTERVAL 7 DAY),
 (3, 1, 2, CURDATE(), 'amber',
  'Beta testing starts this week. Most of the locator delay has been absorbed; launch stays on its date.',
  '- Store locator finished\n- 48 of the 60 remaining pages fixed',
  '- Beta with your internal testers\n- Accessibility audit',
  NULL, NULL, 0, 'draft', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY);

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 1, 2, 'status_report', NULL, 'amber', 'Build is progressing, but the store locator depends on a data feed that arrived a week late; the beta date is at risk by about five days. We are reordering work to absorb most of it.', 1, UTC_TIMESTAMP() - INTERVAL 7 DAY);
