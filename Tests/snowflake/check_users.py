"""Logins against wh serve's users (run by ConnectorTests.swift; argv[1] is the server's port; the user
analyst has the password 'correct horse'). Exits 1 on the first failure; prints "ok"."""

import sys

import snowflake.connector

port = int(sys.argv[1])


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def connect(user, password):
    return snowflake.connector.connect(account="wh", user=user, password=password, host="127.0.0.1", port=port,
                                       protocol="http", login_timeout=10)


conn = connect("ANALYST", "correct horse")   # login names match ignoring case
if conn.cursor().execute("SELECT CURRENT_USER()").fetchone() != ("ANALYST",):
    fail("CURRENT_USER()")
conn.close()
for user, password in (("analyst", "wrong"), ("nobody", "correct horse"), ("analyst", "correct horse ")):
    try:
        connect(user, password)
        fail("%s / %r logged in" % (user, password))
    except snowflake.connector.errors.DatabaseError as error:
        if error.errno != 390100 or error.sqlstate != "28000":
            fail("a bad login gave %s %s: %s" % (error.errno, error.sqlstate, error.msg))
print("ok")
