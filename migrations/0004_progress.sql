-- Practice of generated scenes, mock exams, the wrong-answer book and the target level: what the
-- progress model (docs/progress.md) reads. Each answer now carries its level, component and skill
-- codes, copied when it is created, so progress never has to re-read item contents.

ALTER TABLE users ADD COLUMN target_level INTEGER;

CREATE TABLE mock_exams (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    level         INTEGER NOT NULL,
    component     TEXT NOT NULL,          -- 'theory' or 'skill'
    paper         TEXT NOT NULL,          -- JSON: [{"version", "kind", "function", "points"}] in order
    started_at    BIGINT NOT NULL,
    deadline_at   BIGINT NOT NULL,        -- decided by the server at start
    submitted_at  BIGINT,
    score         DOUBLE PRECISION,       -- points out of 100
    breakdown     TEXT                    -- JSON: per function {points, max}
);
CREATE INDEX mock_exams_user ON mock_exams(user_id, started_at);

-- practice_answers, rebuilt: version_id may be NULL (a generated scene: scene_seed and
-- scene_version say which), plus level, component, skills, passed and the mock exam it is part of.
CREATE TABLE practice_answers_v2 (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id),
    version_id     TEXT REFERENCES item_versions(id),
    item_key       TEXT NOT NULL,         -- bank item key, or 'scene/<kind>/<level>/<seed>'
    scene_seed     BIGINT,
    scene_version  INTEGER,
    level          INTEGER NOT NULL,
    component      TEXT NOT NULL,         -- 'theory' or 'skill'
    skills         TEXT NOT NULL,         -- comma-separated skill codes
    mock_id        TEXT REFERENCES mock_exams(id),
    answer         TEXT,
    seq            BIGINT NOT NULL,
    flagged        INTEGER NOT NULL DEFAULT 0,
    saved_at       BIGINT,
    submitted_at   BIGINT,
    score          DOUBLE PRECISION,
    passed         INTEGER,               -- theory: fully right; practical: score >= pass line
    result         TEXT,
    created_at     BIGINT NOT NULL
);

INSERT INTO practice_answers_v2 (id, user_id, version_id, item_key, level, component, skills,
    answer, seq, flagged, saved_at, submitted_at, score, passed, result, created_at)
SELECT p.id, p.user_id, p.version_id, p.item_key, COALESCE(i.level, 0),
    CASE WHEN i.kind IN ('single_choice', 'multi_choice', 'true_false') THEN 'theory' ELSE 'skill' END,
    COALESCE(i.skills, ''), p.answer, p.seq, p.flagged, p.saved_at, p.submitted_at, p.score,
    CASE WHEN p.score IS NULL THEN NULL
         WHEN i.kind IN ('single_choice', 'multi_choice', 'true_false') AND p.score >= 0.999999 THEN 1
         WHEN i.kind NOT IN ('single_choice', 'multi_choice', 'true_false') AND p.score >= 0.6 THEN 1
         ELSE 0 END,
    p.result, p.created_at
-- LEFT JOIN: no answer is dropped, even one whose item row were missing (level 0 then).
FROM practice_answers p LEFT JOIN bank_items i ON i.key = p.item_key;

DROP TABLE practice_answers;
ALTER TABLE practice_answers_v2 RENAME TO practice_answers;
CREATE INDEX practice_answers_user ON practice_answers(user_id, version_id, created_at);
CREATE INDEX practice_answers_key ON practice_answers(user_id, item_key, created_at);
CREATE INDEX practice_answers_mock ON practice_answers(mock_id);
CREATE INDEX practice_answers_recent ON practice_answers(user_id, submitted_at);

-- 错题本: one row per (trainee, item) while the item is in the book (docs/progress.md).
CREATE TABLE review_book (
    user_id         TEXT NOT NULL REFERENCES users(id),
    item_key        TEXT NOT NULL,
    version_id      TEXT REFERENCES item_versions(id),
    scene_seed      BIGINT,
    level           INTEGER NOT NULL,
    added_day       BIGINT NOT NULL,
    due_day         BIGINT NOT NULL,
    rights          INTEGER NOT NULL,
    last_right_day  BIGINT,
    lapses          INTEGER NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (user_id, item_key)
);
CREATE INDEX review_book_due ON review_book(user_id, due_day);
