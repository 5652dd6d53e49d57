#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: these fixed-argument forms can be.

/// Turns off SQLite's fallback that reads an unknown "identifier" as a string literal, so a
/// misspelt quoted column is an error, as in Snowflake.
static inline int wh_sqlite3_disable_double_quoted_strings(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK) rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    return rc;
}
