-- Examiner scoring (阅卷) of rubric items in exams (docs/marking.md). Each answered rubric
-- question of an exam paper (a script) is assigned to an odd number of the session's examiners;
-- each saves a draft and submits marks per criterion. A script whose marks spread too far goes
-- to the panel, where the chief examiner records the agreed marks.

CREATE TABLE marks (
    attempt_id    TEXT NOT NULL REFERENCES practice_answers(id),
    examiner_id   TEXT NOT NULL REFERENCES users(id),
    session_id    TEXT NOT NULL REFERENCES exam_sessions(id),
    mark          TEXT,                    -- JSON {points: {criterion: n}, reasons: {criterion: text}}
    seq           BIGINT NOT NULL DEFAULT 0,
    assigned_at   BIGINT NOT NULL,
    saved_at      BIGINT,
    submitted_at  BIGINT,                  -- set once; a submitted mark no longer changes
    PRIMARY KEY (attempt_id, examiner_id)
);
CREATE INDEX marks_examiner ON marks(examiner_id, submitted_at);
CREATE INDEX marks_session ON marks(session_id);

-- The panel's agreed marks on a script whose examiners disagreed: final.
CREATE TABLE panel_decisions (
    attempt_id   TEXT PRIMARY KEY REFERENCES practice_answers(id),
    session_id   TEXT NOT NULL REFERENCES exam_sessions(id),
    mark         TEXT NOT NULL,            -- JSON as in marks, every criterion with points
    reason       TEXT NOT NULL,
    decided_by   TEXT NOT NULL REFERENCES users(id),
    decided_at   BIGINT NOT NULL
);

-- The spread limit of a session (fraction of each criterion's maximum) above which the panel
-- decides.
ALTER TABLE exam_sessions ADD COLUMN mark_spread DOUBLE PRECISION NOT NULL DEFAULT 0.25;

-- Where an exam question stands with the examiners: 0 scored by the server (or not a rubric
-- item), 1 awaiting marks (an answered rubric question of a handed-in exam paper), 2 marked
-- (its score is the examiners' or the panel's).
ALTER TABLE practice_answers ADD COLUMN marking INTEGER NOT NULL DEFAULT 0;
CREATE INDEX practice_answers_marking ON practice_answers(mock_id, marking);

-- A trainee's written answer (rubric item) in practice, waiting for or given a trainer's
-- feedback: points and a comment per criterion, and an overall comment.
CREATE TABLE practice_reviews (
    attempt_id    TEXT PRIMARY KEY REFERENCES practice_answers(id),
    center_id     TEXT NOT NULL REFERENCES centers(id),
    requested_at  BIGINT NOT NULL,
    reviewer_id   TEXT REFERENCES users(id),
    mark          TEXT,                    -- JSON as in marks: {points, reasons}
    comment       TEXT,
    reviewed_at   BIGINT
);
CREATE INDEX practice_reviews_center ON practice_reviews(center_id, reviewed_at, requested_at);
