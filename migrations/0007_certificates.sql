-- Certificates (职业技能等级证书) issued on a published pass, their numbers' serials, the issuer
-- keys published in the DID document, and the counters that number them across instances.

CREATE TABLE certificates (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,   -- compact: letters and digits, ending in the check
    user_id         TEXT NOT NULL REFERENCES users(id),
    center_id       TEXT NOT NULL REFERENCES centers(id),
    session_id      TEXT REFERENCES exam_sessions(id),
    candidate_id    TEXT REFERENCES exam_candidates(id),
    level           INTEGER NOT NULL,
    job_type        TEXT NOT NULL,
    holder_name     TEXT NOT NULL,
    id_last4        TEXT,
    scores          TEXT NOT NULL,          -- JSON: [{"component", "score"}]
    issued_at       BIGINT NOT NULL,
    status_index    BIGINT NOT NULL UNIQUE, -- the bit of the status list that revokes it
    supersedes      TEXT REFERENCES certificates(id),
    revoked_at      BIGINT,
    revoked_by      TEXT REFERENCES users(id),
    revoked_reason  TEXT,
    credential      TEXT                    -- the signed Verifiable Credential (JSON)
);
-- Never two certificates for one pass: a re-issue supersedes, it does not add.
CREATE UNIQUE INDEX certificates_pass ON certificates(candidate_id) WHERE supersedes IS NULL;
CREATE INDEX certificates_user ON certificates(user_id, issued_at);
CREATE INDEX certificates_center ON certificates(center_id, issued_at);

-- Named counters taken with one atomic upsert (serials per center code, year and level; the
-- next status-list index), so that instances never hand out the same value.
CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);

-- Every issuer key ever used, published in the DID document so that credentials signed by a
-- rotated key keep verifying.
CREATE TABLE signing_keys (
    id                 TEXT PRIMARY KEY,    -- the verification method's fragment
    public_multibase   TEXT NOT NULL UNIQUE,
    created_at         BIGINT NOT NULL
);
