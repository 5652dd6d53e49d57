-- HTTP ingest requests sent with an Idempotency-Key: a retry with the same key and body is answered
-- as the first request was, without writing its records again. Kept at least 24 hours.

CREATE TABLE _wh_ingest_requests (
    idempotency_key TEXT PRIMARY KEY,
    body_sha256     TEXT NOT NULL,     -- hex digest of the request body
    status          INTEGER NOT NULL,  -- the HTTP status answered
    response        TEXT NOT NULL,     -- the JSON body answered
    created_at      TEXT NOT NULL      -- canonical TIMESTAMP_NTZ (UTC)
) WITHOUT ROWID;
CREATE INDEX _wh_ingest_requests_created ON _wh_ingest_requests(created_at);
