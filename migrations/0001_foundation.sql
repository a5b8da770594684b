-- Foundation: centers, accounts, sessions, throttling, API tokens, audit log.
-- Portable SQL for SQLite and PostgreSQL: ids are application-made UUID v7 text, times are
-- BIGINT UTC milliseconds, flags are INTEGER 0/1 (the Any driver cannot decode SQLite BOOLEAN).

CREATE TABLE centers (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    disabled    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    center_id             TEXT REFERENCES centers(id),
    username              TEXT NOT NULL UNIQUE,
    role                  TEXT NOT NULL,
    real_name             TEXT NOT NULL,
    phone                 TEXT UNIQUE,
    email                 TEXT UNIQUE,
    id_hash               TEXT,
    id_last4              TEXT,
    class_name            TEXT,
    password_hash         TEXT NOT NULL,
    must_change_password  INTEGER NOT NULL DEFAULT 1,
    disabled              INTEGER NOT NULL DEFAULT 0,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX users_center ON users(center_id, role);
CREATE UNIQUE INDEX users_center_idhash ON users(center_id, id_hash);

-- Server-side sessions; the cookie holds a random id, the table only its SHA-256.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    ip            TEXT NOT NULL,
    user_agent    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Login throttling counters, shared by every app instance.
CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  BIGINT NOT NULL,
    locked_until  BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- One-time downloads (the password sheet of a trainee import): single use, short-lived.
CREATE TABLE downloads (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    body          BYTEA NOT NULL,
    expires_at    BIGINT NOT NULL
);

-- Append-only: the application never updates or deletes a row.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    center_id   TEXT,
    ip          TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_center_at ON audit_log(center_id, at);
CREATE INDEX audit_at ON audit_log(at);
