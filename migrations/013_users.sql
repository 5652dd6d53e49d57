-- Users of the Snowflake connector's door (`wh user create NAME`): each password kept only as a salted
-- PBKDF2-HMAC-SHA256 hash. With any user here, `wh serve` checks every login against this table.

CREATE TABLE _wh_users (
    name          TEXT PRIMARY KEY,   -- as given, matched ignoring case (as Snowflake's login names)
    salt          TEXT NOT NULL,      -- hex, 16 random bytes
    iterations    INTEGER NOT NULL,
    password_hash TEXT NOT NULL,      -- hex, 32 bytes
    created_at    TEXT NOT NULL
) WITHOUT ROWID;
