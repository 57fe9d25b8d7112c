-- Runs last of the demo files (name order): each area's demo file adds its
-- activity lines with back-dated times, so ids are not in time order. Lines
-- are numbered again by time, as they would be had they happened, because the
-- stream pages by id.
CREATE TEMPORARY TABLE demo_activity_order (
  seq INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  user_id BIGINT UNSIGNED NULL,
  kind VARCHAR(32) NOT NULL,
  from_value VARCHAR(64) NULL,
  to_value VARCHAR(64) NULL,
  note TEXT NULL,
  client_visible TINYINT(1) NOT NULL,
  created_at DATETIME NOT NULL
);
INSERT INTO demo_activity_order (client_id, project_id, user_id, kind, from_value, to_value, note,
                                 client_visible, created_at)
  SELECT client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at
  FROM activity ORDER BY created_at, id;
DELETE FROM activity;
INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note,
                      client_visible, created_at)
  SELECT client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at
  FROM demo_activity_order ORDER BY seq;
DROP TEMPORARY TABLE demo_activity_order;
