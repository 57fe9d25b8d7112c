-- Demo data, issue 16 (templates): two project templates the agency starts projects from,
-- "Website build" (Priya's) and "Brand refresh" (Lena's), each with roles instead of people,
-- milestones and tasks placed in working days after a project's first working day, finish-to-
-- start dependencies, estimates, client-visible flags, KPIs without values and standard risks.
-- "{client}" in a text becomes the new project's client name. Loaded after the other demo
-- files but demo_zz_activity_order.sql (name order); writes no activity.

INSERT INTO templates (id, name, description, created_by, created_at, updated_at) VALUES
 (1, 'Website build', 'Our standard responsive website on the headless CMS: discovery, design, build, content migration and launch in about ten weeks.', 2, UTC_TIMESTAMP() - INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 12 DAY),
 (2, 'Brand refresh', 'Audit, positioning, identity and guidelines for a brand that needs a new face, in about seven weeks.', 4, UTC_TIMESTAMP() - INTERVAL 45 DAY, UTC_TIMESTAMP() - INTERVAL 45 DAY);

INSERT INTO template_roles (id, template_id, name, position) VALUES
 (1, 1, 'Project manager', 0), (2, 1, 'Designer', 1), (3, 1, 'Developer', 2), (4, 1, 'Content editor', 3),
 (5, 2, 'Project manager', 0), (6, 2, 'Brand designer', 1), (7, 2, 'Copywriter', 2);

INSERT INTO template_milestones (id, template_id, name, day_offset, client_visible) VALUES
 (1, 1, 'Discovery complete', 9, 1),
 (2, 1, 'Design approved', 23, 1),
 (3, 1, 'Launch', 48, 1),
 (4, 2, 'Strategy agreed', 8, 1),
 (5, 2, 'Identity approved', 21, 1),
 (6, 2, 'Guidelines delivered', 34, 1);

INSERT INTO template_tasks (id, template_id, milestone_id, role_id, title, description, start_offset, duration, estimate_minutes, client_visible, position) VALUES
 (1, 1, 1, 1, 'Kick-off workshop with {client}', 'Goals, audiences, decision makers and the content plan: who delivers what, by when.', 0, 1, 240, 1, 0),
 (2, 1, 1, 1, 'Stakeholder interviews', NULL, 1, 4, 720, 0, 1),
 (3, 1, 1, 4, 'Content audit', 'Every page of the current site: keep, rewrite or drop.', 1, 4, 960, 0, 2),
 (4, 1, 1, 2, 'Sitemap and user journeys', NULL, 5, 5, 960, 1, 3),
 (5, 1, 2, 2, 'Wireframes', NULL, 10, 6, 1920, 1, 4),
 (6, 1, 2, 2, 'Visual design', 'Home, listing, detail and article templates; the component library.', 16, 8, 2880, 1, 5),
 (7, 1, 3, 3, 'CMS setup and content model', NULL, 10, 5, 1440, 0, 6),
 (8, 1, 3, 3, 'Template build', NULL, 24, 12, 4800, 0, 7),
 (9, 1, 3, 4, 'Content migration', NULL, 28, 10, 2400, 0, 8),
 (10, 1, 3, 3, 'Accessibility and browser testing', NULL, 36, 5, 960, 0, 9),
 (11, 1, 3, 1, 'Acceptance testing with {client}', NULL, 41, 5, 480, 1, 10),
 (12, 1, 3, 3, 'Launch and handover', 'DNS cut-over, redirects, analytics check, training for the editors.', 46, 3, 480, 1, 11),
 (13, 2, 4, 6, 'Brand audit', 'Every place the brand shows today, and what competitors do.', 0, 4, 960, 0, 0),
 (14, 2, 4, 5, 'Stakeholder workshop', NULL, 2, 1, 360, 1, 1),
 (15, 2, 4, 7, 'Positioning and messaging', NULL, 4, 5, 1200, 0, 2),
 (16, 2, 4, 6, 'Moodboards', NULL, 5, 3, 720, 0, 3),
 (17, 2, 5, 6, 'Logo concepts', 'Three routes, each shown on real applications.', 9, 6, 2400, 1, 4),
 (18, 2, 5, 6, 'Type and colour system', NULL, 15, 5, 1440, 0, 5),
 (19, 2, 5, 7, 'Tone of voice guide', NULL, 14, 5, 960, 0, 6),
 (20, 2, 5, 5, 'Identity presentation to {client}', NULL, 20, 1, 240, 1, 7),
 (21, 2, 6, 6, 'Brand guidelines document', NULL, 22, 8, 2400, 0, 8),
 (22, 2, 6, 6, 'Templates for print and social', NULL, 25, 7, 1920, 0, 9),
 (23, 2, 6, 5, 'Final delivery and handover', NULL, 33, 2, 360, 1, 10);

INSERT INTO template_task_deps (task_id, depends_on_id, template_id) VALUES
 (2, 1, 1), (3, 1, 1), (4, 2, 1), (4, 3, 1), (5, 4, 1), (6, 5, 1), (7, 4, 1), (8, 6, 1), (8, 7, 1),
 (9, 7, 1), (10, 8, 1), (11, 9, 1), (11, 10, 1), (12, 11, 1),
 (15, 13, 2), (15, 14, 2), (16, 13, 2), (17, 15, 2), (17, 16, 2), (18, 17, 2), (19, 15, 2),
 (20, 18, 2), (20, 19, 2), (21, 20, 2), (22, 20, 2), (23, 21, 2), (23, 22, 2);

INSERT INTO template_kpis (template_id, name, target) VALUES
 (1, 'Mobile PageSpeed score', '90 or more'),
 (1, 'Pages live at launch', '100 %'),
 (2, 'Brand recognition in the follow-up survey', '+15 points');

INSERT INTO template_risks (template_id, title, probability, impact, mitigation) VALUES
 (1, 'Content from {client} arrives late', 4, 3, 'Content plan with owners and dates agreed at the kick-off; weekly check.'),
 (1, 'Scope grows during design', 3, 4, 'Changes after the wireframes go through a change request.'),
 (2, 'Too many decision makers', 3, 4, 'One approver named at the stakeholder workshop.');
