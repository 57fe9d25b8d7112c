-- 006: message threads (issue #5, "Messages: threads per project"). A project's
-- messages belong to threads; a thread is internal (staff only) or
-- client-visible, and its messages share its visibility. messages.internal and
-- messages.project_id stay (the file download and old readers use them) and
-- are kept equal to the thread's by a composite foreign key: a message cannot
-- name a thread of another project or of the other visibility, and changing a
-- thread's flag carries its messages (ON UPDATE CASCADE).
--
-- The thread row holds the list's rollup (message_count, last_message_at,
-- last_message_id), written in the transaction of each new message, so the
-- list never counts messages per view.

CREATE TABLE message_threads (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  subject VARCHAR(200) NOT NULL,
  internal TINYINT(1) NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL,
  last_message_at DATETIME NOT NULL,
  last_message_id BIGINT UNSIGNED NULL,
  message_count INT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY message_threads_scope (id, project_id, internal),
  KEY message_threads_activity (project_id, last_message_at, last_message_id),
  CONSTRAINT message_threads_internal CHECK (internal IN (0, 1)),
  CONSTRAINT message_threads_subject CHECK (subject <> ''),
  CONSTRAINT message_threads_project_fk FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT message_threads_creator_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE messages ADD COLUMN thread_id BIGINT UNSIGNED NULL AFTER project_id;

-- the one conversation of a project becomes one thread per visibility:
-- "General" (client-visible) and "Team notes" (internal)
INSERT INTO message_threads (project_id, subject, internal, created_by, created_at, last_message_at,
                             last_message_id, message_count)
SELECT m.project_id, IF(m.internal = 1, 'Team notes', 'General'), m.internal,
       (SELECT f.author_id FROM messages f WHERE f.project_id = m.project_id AND f.internal = m.internal
        ORDER BY f.id LIMIT 1),
       MIN(m.created_at), MAX(m.created_at), MAX(m.id), COUNT(*)
  FROM messages m GROUP BY m.project_id, m.internal;

UPDATE messages m JOIN message_threads t ON t.project_id = m.project_id AND t.internal = m.internal
   SET m.thread_id = t.id;

ALTER TABLE messages
  MODIFY thread_id BIGINT UNSIGNED NOT NULL,
  ADD KEY messages_thread (thread_id, id),
  ADD CONSTRAINT messages_thread_fk FOREIGN KEY (thread_id, project_id, internal)
      REFERENCES message_threads (id, project_id, internal) ON UPDATE CASCADE;

ALTER TABLE message_threads
  ADD CONSTRAINT message_threads_last_fk FOREIGN KEY (last_message_id) REFERENCES messages (id);
