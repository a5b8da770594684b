-- The images and recordings of center-authored banks (uploaded as a zip). Base64 in TEXT: one
-- column type for SQLite and PostgreSQL; assets are at most 2 MiB each.
CREATE TABLE bank_assets (
    center_id   TEXT NOT NULL REFERENCES centers(id),
    path        TEXT NOT NULL,          -- relative to the bank root, e.g. level5/assets/a.svg
    hash        TEXT NOT NULL,          -- SHA-256 of the bytes
    size        BIGINT NOT NULL,
    data        TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (center_id, path)
);
