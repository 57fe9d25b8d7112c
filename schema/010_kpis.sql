-- 010: a project's agreed KPIs (DESIGN.md §2: "a scope statement, agreed KPIs"):
-- what is measured, the target agreed with the client, and the latest value.
-- Agreed with the client, so the portal shows them; at most 20 per project
-- (checked by the insert).
CREATE TABLE project_kpis (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  target VARCHAR(200) NOT NULL,
  actual VARCHAR(200) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY project_kpis_project (project_id, id),
  CONSTRAINT project_kpis_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
