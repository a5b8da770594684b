-- Question banks in the database. An item's content is never updated in place: each distinct
-- content is a row of item_versions (keyed by its hash), and bank_items points at the current
-- one, so a version that an exam paper used stays exactly as it was.

CREATE TABLE bank_items (
    key              TEXT PRIMARY KEY,   -- "shipped/<id>" or "<center id>/<id>"
    item_id          TEXT NOT NULL,
    center_id        TEXT REFERENCES centers(id),
    level            INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    uses             TEXT NOT NULL,      -- "practice", "exam" or "practice,exam"
    skills           TEXT NOT NULL,      -- comma-separated skill codes
    function_code    TEXT NOT NULL,
    difficulty       INTEGER NOT NULL,
    group_id         TEXT,
    current_version  TEXT NOT NULL,
    retired          INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX bank_items_pick ON bank_items(center_id, level, kind, retired);

CREATE TABLE item_versions (
    id          TEXT PRIMARY KEY,
    item_key    TEXT NOT NULL REFERENCES bank_items(key),
    hash        TEXT NOT NULL,
    content     TEXT NOT NULL,          -- the validated item as JSON
    created_at  BIGINT NOT NULL,
    UNIQUE (item_key, hash)
);

-- Small settings of the deployment (e.g. the hash of the last imported shipped banks).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
