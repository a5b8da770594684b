-- Practice attempts: one row per try of an item version. The answer is saved as the trainee
-- works (seq guards against stale writes); submitting scores it once, on the server.
CREATE TABLE practice_answers (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    version_id    TEXT NOT NULL REFERENCES item_versions(id),
    item_key      TEXT NOT NULL,
    answer        TEXT,
    seq           BIGINT NOT NULL,
    flagged       INTEGER NOT NULL DEFAULT 0,
    saved_at      BIGINT,
    submitted_at  BIGINT,
    score         DOUBLE PRECISION,
    result        TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX practice_answers_user ON practice_answers(user_id, version_id, created_at);
