-- Exam sessions (考试场次) run by centers: staff, enrolment with eligibility, and each
-- candidate's papers. A paper is a row of mock_exams with candidate_id set: the same table,
-- so that the attempt engine's seq-guarded save and transactional hand-in (hold_paper, claim)
-- serve mock exams and exams alike (docs/exams.md).

CREATE TABLE exam_sessions (
    id             TEXT PRIMARY KEY,
    center_id      TEXT NOT NULL REFERENCES centers(id),
    code           TEXT NOT NULL,           -- short, unique per center: part of admission numbers
    name           TEXT NOT NULL,
    level          INTEGER NOT NULL,
    job_type       TEXT NOT NULL,
    components     TEXT NOT NULL,           -- comma-separated: theory, skill, review
    starts_at      BIGINT NOT NULL,         -- the window in which papers can be sat
    ends_at        BIGINT NOT NULL,
    rooms          TEXT NOT NULL,           -- JSON list of room names
    pool           TEXT NOT NULL,           -- 'exam' (confidential exam-only items) or 'open'
    center_items   INTEGER NOT NULL DEFAULT 0,
    seed           BIGINT NOT NULL,         -- with the candidate, rebuilds each paper exactly
    published_at   BIGINT,
    published_by   TEXT REFERENCES users(id),
    created_by     TEXT NOT NULL REFERENCES users(id),
    created_at     BIGINT NOT NULL,
    UNIQUE (center_id, code)
);
CREATE INDEX exam_sessions_center ON exam_sessions(center_id, starts_at);

-- Proctors (监考) and examiners (考评) of a session.
CREATE TABLE exam_staff (
    session_id  TEXT NOT NULL REFERENCES exam_sessions(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL,              -- 'proctor' or 'examiner'
    PRIMARY KEY (session_id, user_id, role)
);

-- Enrolment: one row per candidate of a session.
CREATE TABLE exam_candidates (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES exam_sessions(id),
    user_id          TEXT NOT NULL REFERENCES users(id),
    admission_no     TEXT NOT NULL UNIQUE,  -- 准考证号
    room             TEXT NOT NULL,
    seat             INTEGER NOT NULL,
    declaration      TEXT NOT NULL,         -- JSON: years, schooling, certificates
    verdict          TEXT NOT NULL,         -- JSON: the eligibility check's verdict
    override_reason  TEXT,                  -- set when an admin enrolled despite the verdict
    admitted_at      BIGINT,                -- signed in by a proctor
    created_at       BIGINT NOT NULL,
    UNIQUE (session_id, user_id)
);
CREATE INDEX exam_candidates_user ON exam_candidates(user_id);

-- A candidate's paper: the exam columns of mock_exams. The deadline_at column holds the
-- deadline as of the last change of timing (start, extra time, resume); while paused_at is
-- set no answer is taken.
ALTER TABLE mock_exams ADD COLUMN candidate_id TEXT REFERENCES exam_candidates(id);
ALTER TABLE mock_exams ADD COLUMN duration_ms BIGINT;
ALTER TABLE mock_exams ADD COLUMN window_end BIGINT;
ALTER TABLE mock_exams ADD COLUMN extra_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mock_exams ADD COLUMN paused_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mock_exams ADD COLUMN paused_at BIGINT;
ALTER TABLE mock_exams ADD COLUMN device TEXT;               -- hash of the one browser allowed
ALTER TABLE mock_exams ADD COLUMN last_seen_at BIGINT;
ALTER TABLE mock_exams ADD COLUMN terminated TEXT;           -- the reason, when a proctor ended it
CREATE UNIQUE INDEX mock_exams_candidate ON mock_exams(candidate_id, component);

-- Every event of an exam attempt, proctor actions and device refusals included: the
-- attempt's history (the audit log has them too).
CREATE TABLE exam_events (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES exam_sessions(id),
    candidate_id  TEXT NOT NULL REFERENCES exam_candidates(id),
    paper_id      TEXT REFERENCES mock_exams(id),
    at            BIGINT NOT NULL,
    actor_id      TEXT REFERENCES users(id),
    kind          TEXT NOT NULL,            -- started, admitted, paused, resumed, extra_time …
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exam_events_candidate ON exam_events(candidate_id, at);

-- Each choice question's order of options as the candidate saw it ("2,0,3,1"): the answer is
-- in the shown letters and is graded against the item presented in that order.
ALTER TABLE practice_answers ADD COLUMN option_order TEXT;

-- A generated scene in an exam paper, frozen when the paper is drawn: the task with its gold
-- (JSON) and its picture (SVG), served under the paper's own URL, never by seed.
CREATE TABLE exam_scenes (
    attempt_id  TEXT PRIMARY KEY REFERENCES practice_answers(id),
    item        TEXT NOT NULL,
    svg         TEXT
);

-- Grades replaced by a regrade under a newer grader version, kept for the record.
CREATE TABLE regrades (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES exam_sessions(id),
    paper_id      TEXT NOT NULL REFERENCES mock_exams(id),
    old_score     DOUBLE PRECISION,
    new_score     DOUBLE PRECISION,
    old_breakdown TEXT,
    new_breakdown TEXT,
    applied_by    TEXT NOT NULL REFERENCES users(id),
    applied_at    BIGINT NOT NULL
);
