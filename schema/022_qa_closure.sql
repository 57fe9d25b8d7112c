-- 022: deliverable QA and a closure that means something (issue 16).
-- Acceptance criteria: a checklist on a milestone or on a document (exactly one of the two),
-- each criterion client-visible or internal. A document version with criteria is "in review"
-- until a reviewer who did not upload it passes every criterion (a review 'passed', one
-- review_checks row per criterion with its text as it was) or sends it back with a note
-- ('returned': that version is done with; a new version starts a new review). Only a version
-- that passed may be sent for the client's approval; a document without criteria needs no
-- review. Debriefs: one per project, written in closure; the row is made when the project
-- enters closure and keeps the checklist of what was still open then and the PM's reason to
-- close anyway. Lessons: short texts with tags, from a project's debrief, listed across
-- projects. Safe to run again (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS acceptance_criteria (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  milestone_id BIGINT UNSIGNED NULL,
  document_id BIGINT UNSIGNED NULL,
  text VARCHAR(300) NOT NULL,
  client_visible TINYINT(1) NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY acceptance_criteria_milestone (milestone_id, id),
  KEY acceptance_criteria_document (document_id, id),
  KEY acceptance_criteria_project (project_id),
  CONSTRAINT acceptance_criteria_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT acceptance_criteria_milestone_fk FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE CASCADE,
  CONSTRAINT acceptance_criteria_document_fk FOREIGN KEY (document_id) REFERENCES documents (id),
  CONSTRAINT acceptance_criteria_user_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT acceptance_criteria_one_subject CHECK ((milestone_id IS NULL) <> (document_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- a version's reviews; the latest decides its state (see src/domain/qa.c)
CREATE TABLE IF NOT EXISTS version_reviews (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  document_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  reviewer_id BIGINT UNSIGNED NULL,
  decision ENUM('passed','returned') NOT NULL,
  note TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  KEY version_reviews_version (version_id, id),
  KEY version_reviews_document (document_id, id),
  CONSTRAINT version_reviews_document_fk FOREIGN KEY (document_id) REFERENCES documents (id),
  CONSTRAINT version_reviews_version_fk FOREIGN KEY (version_id) REFERENCES document_versions (id),
  CONSTRAINT version_reviews_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what a review said of each criterion the document had then (no foreign key to the
-- criterion: removing one later keeps the record)
CREATE TABLE IF NOT EXISTS review_checks (
  review_id BIGINT UNSIGNED NOT NULL,
  criterion_id BIGINT UNSIGNED NOT NULL,
  text VARCHAR(300) NOT NULL,
  passed TINYINT(1) NOT NULL,
  PRIMARY KEY (review_id, criterion_id),
  CONSTRAINT review_checks_review_fk FOREIGN KEY (review_id) REFERENCES version_reviews (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- open_*: the closure checklist's counts when the project entered closure; close_reason
-- the PM's reason to close with items open (NULL when nothing was open)
CREATE TABLE IF NOT EXISTS debriefs (
  project_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  went_well TEXT NOT NULL,
  went_badly TEXT NOT NULL,
  closed_at DATETIME NULL,
  closed_by BIGINT UNSIGNED NULL,
  close_reason TEXT NULL,
  open_tasks INT NOT NULL DEFAULT 0,
  open_approvals INT NOT NULL DEFAULT 0,
  open_changes INT NOT NULL DEFAULT 0,
  open_time INT NOT NULL DEFAULT 0,
  open_risks INT NOT NULL DEFAULT 0,
  open_reports INT NOT NULL DEFAULT 0,
  open_survey INT NOT NULL DEFAULT 0,
  open_documents INT NOT NULL DEFAULT 0,
  written_by BIGINT UNSIGNED NULL,
  written_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  CONSTRAINT debriefs_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT debriefs_closed_by_fk FOREIGN KEY (closed_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT debriefs_written_by_fk FOREIGN KEY (written_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- tags: the lesson's tags as shown ("estimates, design"); lesson_tags holds them one a row
-- for the filter
CREATE TABLE IF NOT EXISTS lessons (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  text VARCHAR(1000) NOT NULL,
  tags VARCHAR(400) NOT NULL DEFAULT '',
  author_id BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY lessons_project (project_id, id),
  CONSTRAINT lessons_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT lessons_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lesson_tags (
  lesson_id BIGINT UNSIGNED NOT NULL,
  tag VARCHAR(40) NOT NULL,
  PRIMARY KEY (lesson_id, tag),
  KEY lesson_tags_tag (tag, lesson_id),
  CONSTRAINT lesson_tags_lesson_fk FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
