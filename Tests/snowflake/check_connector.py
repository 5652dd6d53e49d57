"""snowflake-connector-python against wh serve's connector door (run by ConnectorTests.swift; argv[1] is the
server's port): types, binds in the three paramstyles, executemany of 10,000 rows, DML row counts, errors
with Snowflake's codes, session calls, and the seed Streamlit app's fetch_truck_telemetry_data() as the
write-up prints it. Exits 1 on the first failure; prints "ok"."""

import datetime
import sys
import time
from decimal import Decimal

import pandas as pd
import snowflake.connector
from snowflake.connector import connect

port = int(sys.argv[1])


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


settings = dict(account="wh", user="analyst", password="any", host="127.0.0.1", port=port, protocol="http",
                database="ECOMMERCE_DATA", schema="TRUCK_TELEMETRY", warehouse="TRUCK_TELEMETRY_WH", login_timeout=10)
conn = snowflake.connector.connect(**settings)
cur = conn.cursor()

# Every type to the Python value the connector gives for Snowflake's, in both result formats: Arrow
# (the default, as Snowflake sends it) and JSON.
TYPES = """SELECT 42 AS I, 1.25::NUMBER(10,2) AS D, 1.5::FLOAT AS F, 'text' AS S, TRUE AS B, FALSE AS B2,
                      '2025-03-17'::DATE AS DT, '2025-03-17 10:00:00.123456'::TIMESTAMP_NTZ AS TS,
                      PARSE_JSON('{"a": [1, 2]}') AS V, NULL AS N, -7 AS NEG, '1969-12-31 23:59:58.5'::TIMESTAMP_NTZ AS OLD"""
cur.execute("ALTER SESSION SET PYTHON_CONNECTOR_QUERY_RESULT_FORMAT = 'JSON'")
cur.execute(TYPES)
as_json = cur.fetchone()
if cur._query_result_format != "json":
    fail("the JSON format was not used")
cur.execute("ALTER SESSION SET PYTHON_CONNECTOR_QUERY_RESULT_FORMAT = 'ARROW'")
cur.execute(TYPES)
row = cur.fetchone()
if cur._query_result_format != "arrow" or row != as_json:
    fail("Arrow and JSON differ: %r / %r" % (row, as_json))
expected = (42, Decimal("1.25"), 1.5, "text", True, False, datetime.date(2025, 3, 17), datetime.datetime(2025, 3, 17, 10, 0, 0, 123456))
if row[:8] != expected or row[9] is not None or row[10] != -7 or row[11] != datetime.datetime(1969, 12, 31, 23, 59, 58, 500000):
    fail("types: %r" % (row,))
if row[8] != '{\n  "a": [\n    1,\n    2\n  ]\n}':
    fail("VARIANT, as Snowflake indents it: %r" % row[8])
if [d[0] for d in cur.description][:3] != ["I", "D", "F"] or cur.rowcount != 1:
    fail("description or rowcount: %s %s" % (cur.description, cur.rowcount))

# DDL and DML counts; pyformat (client-side), qmark and numeric (server-side) binds.
cur.execute("CREATE OR REPLACE TABLE ORDERS (ID INT NOT NULL, NAME STRING, PRICE NUMBER(10,2), AT TIMESTAMP_NTZ, DAY DATE, OK BOOLEAN)")
cur.execute("INSERT INTO ORDERS VALUES (%s, %s, %s, %s, %s, %s)", (1, "it's", Decimal("9.99"), datetime.datetime(2025, 1, 2, 3, 4, 5, 600000), datetime.date(2025, 1, 2), True))
if cur.rowcount != 1:
    fail("INSERT rowcount %s" % cur.rowcount)
for style, sql in (("qmark", "INSERT INTO ORDERS VALUES (?, ?, ?, ?, ?, ?)"), ("numeric", "INSERT INTO ORDERS VALUES (:1, :2, :3, :4, :5, :6)")):
    c = snowflake.connector.connect(paramstyle=style, **settings)
    c.cursor().execute(sql, (2 if style == "qmark" else 3, None, Decimal("0.5"), datetime.datetime(2025, 1, 2), datetime.date(2025, 1, 3), False))
    c.close()
cur.execute("SELECT ID, NAME, PRICE, AT, DAY, OK FROM ORDERS ORDER BY ID")
rows = cur.fetchall()
if rows[0] != (1, "it's", Decimal("9.99"), datetime.datetime(2025, 1, 2, 3, 4, 5, 600000), datetime.date(2025, 1, 2), True) \
        or rows[1] != (2, None, Decimal("0.50"), datetime.datetime(2025, 1, 2), datetime.date(2025, 1, 3), False) or rows[2][0] != 3:
    fail("bound rows: %r" % rows)

# executemany of 10,000 rows (5.x describes, then sends the rows as array bindings).
qmark = snowflake.connector.connect(paramstyle="qmark", **settings)
# Regression (quote_before_a_combining_mark_ended_the_literal): a bound value whose quote is followed
# by a combining mark was not doubled, so it ended the literal: the rest ran as SQL.
tricky = "x'\u0301 || (SELECT count(*) FROM ORDERS) || '"
got = qmark.cursor().execute("SELECT ?", (tricky,)).fetchone()[0]
if got != tricky:
    fail("a bound value with a quote before a combining mark came back as %r" % got)
started = time.time()
qmark.cursor().executemany("INSERT INTO ORDERS (ID, NAME) VALUES (?, ?)", [(i, "row %d" % i) for i in range(100, 10100)])
cur.execute("SELECT count(*), min(ID), max(ID) FROM ORDERS WHERE ID >= 100")
if cur.fetchone() != (10000, 100, 10099):
    fail("executemany did not insert 10,000 rows")
print("executemany of 10,000 rows: %.2f s" % (time.time() - started))
cur.execute("UPDATE ORDERS SET NAME = 'x' WHERE ID BETWEEN 100 AND 199")
if cur.rowcount != 100:
    fail("UPDATE rowcount %s" % cur.rowcount)
cur.execute("DELETE FROM ORDERS WHERE ID >= 100")
if cur.rowcount != 10000:
    fail("DELETE rowcount %s" % cur.rowcount)

# autocommit=False (what SQLAlchemy asks for): statements wait for commit(); rollback() undoes them.
manual = snowflake.connector.connect(autocommit=False, **settings)
mc = manual.cursor()
mc.execute("INSERT INTO ORDERS (ID, NAME) VALUES (50, 'undone')")
manual.rollback()
mc.execute("INSERT INTO ORDERS (ID, NAME) VALUES (51, 'kept')")
manual.commit()
manual.close()
cur.execute("SELECT ID FROM ORDERS WHERE ID IN (50, 51)")
if cur.fetchall() != [(51,)]:
    fail("autocommit=False: rollback or commit did not hold")
cur.execute("DELETE FROM ORDERS WHERE ID = 51")

# Errors: Snowflake's codes and SQL states, the class the connector picks from them.
def expect(errno, sqlstate, sql, cls=snowflake.connector.errors.ProgrammingError):
    try:
        cur.execute(sql)
    except cls as error:
        if error.errno != errno or error.sqlstate != sqlstate:
            fail("%s: %s %s %s" % (sql, error.errno, error.sqlstate, error.msg))
        return
    fail("%s succeeded" % sql)

expect(2003, "42S02", "SELECT * FROM NOPE")
expect(1003, "42000", "SELEC 1")
expect(904, "42000", "SELECT NOPE FROM ORDERS")
expect(100051, "22012", "SELECT 1/0")
expect(100072, "22000", "INSERT INTO ORDERS (NAME) VALUES ('no id')", snowflake.connector.errors.IntegrityError)

# The session: what the login named, USE, heartbeat, a cursor's query id.
cur.execute("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_USER()")
if cur.fetchone() != ("ECOMMERCE_DATA", "TRUCK_TELEMETRY", "TRUCK_TELEMETRY_WH", "ANALYST") or conn.database != "ECOMMERCE_DATA":
    fail("session names: %s %s" % (cur.fetchall(), conn.database))
cur.execute("USE SCHEMA ECOMMERCE_DATA.STAGING")
if conn.schema != "STAGING":
    fail("USE SCHEMA left the connection's schema %s" % conn.schema)
# Semi-structured and local-time values; what wh cannot bind says so.
cur.execute("SELECT ARRAY_CONSTRUCT(1, 2) AS A, OBJECT_CONSTRUCT('k', 'v') AS O, '2025-03-17 10:00:00'::TIMESTAMP_LTZ AS L")
a, o, l = cur.fetchone()
if a != "[\n  1,\n  2\n]" or o != '{\n  "k": "v"\n}' or l != datetime.datetime(2025, 3, 17, 10, 0, tzinfo=datetime.timezone.utc):
    fail("ARRAY, OBJECT, TIMESTAMP_LTZ: %r %r %r" % (a, o, l))
try:
    qmark.cursor().execute("SELECT ?", (b"\x00\x01",))
    fail("a BINARY bind was accepted")
except snowflake.connector.errors.ProgrammingError as error:
    if "BINARY binds are not supported by wh yet" not in error.msg:
        fail("a BINARY bind: %s" % error.msg)

if not conn.is_valid():
    fail("is_valid")
cur.execute("SELECT 'again' AS X")
if not cur.sfqid or cur.fetchall() != [("again",)]:
    fail("query id")
if pd.DataFrame(cur.execute("SELECT ID, PRICE FROM ORDERS ORDER BY ID").fetchall()).shape != (3, 2):
    fail("a DataFrame of fetchall")

# pandas through SQLAlchemy's snowflake:// URL (snowflake-sqlalchemy; host, port and protocol as connect_args).
try:
    import sqlalchemy
    engine = sqlalchemy.create_engine("snowflake://analyst:any@wh/ECOMMERCE_DATA/TRUCK_TELEMETRY?warehouse=TRUCK_TELEMETRY_WH",
                                      connect_args={"host": "127.0.0.1", "port": port, "protocol": "http"})
    with engine.connect() as connection:
        frame = pd.read_sql("SELECT ID, PRICE FROM ORDERS ORDER BY ID", connection)
        if list(frame["id"]) != [1, 2, 3]:
            fail("pandas.read_sql through SQLAlchemy gave %s" % frame)
        bound = pd.read_sql(sqlalchemy.text("SELECT ID FROM ORDERS WHERE ID > :n ORDER BY ID"), connection, params={"n": 1})
        if list(bound["id"]) != [2, 3]:
            fail("a bound SQLAlchemy query gave %s" % bound)
    engine.dispose()
except ImportError:
    print("(snowflake-sqlalchemy is not installed in this environment: its check skipped)")

# fetch_pandas_all() from the Arrow results (both connector versions build frames from them).
frame = cur.execute("SELECT ID, PRICE FROM ORDERS ORDER BY ID").fetch_pandas_all()
if [int(v) for v in frame["ID"]] != [1, 2, 3]:
    fail("fetch_pandas_all gave %s" % frame)

# The seed's Streamlit app's query, as the write-up prints it.
snowflake_config = {
    'user': 'user',
    'password': 'password',
    'account': 'accout',
    'warehouse': 'TRUCK_TELEMETRY_WH',
    'database': 'ECOMMERCE_DATA',
    'schema': 'TRUCK_TELEMETRY',
    'host': '127.0.0.1', 'port': port, 'protocol': 'http',   # pointed at wh
}

def fetch_truck_telemetry_data():
    conn = connect(**snowflake_config)
    cursor = conn.cursor()
    query = """
    SELECT * FROM truck_telemetry_data where IS_CURRENT=TRUE
    """
    cursor.execute(query)
    result = cursor.fetchall()
    columns = [desc[0] for desc in cursor.description]
    cursor.close()
    conn.close()
    return pd.DataFrame(result, columns=columns)

truck_data = fetch_truck_telemetry_data()
if truck_data.empty or "VEHICLE_SPEED" not in truck_data.columns or sorted(truck_data["TRUCK_ID"]) != ["TRK001", "TRK002"]:
    fail("fetch_truck_telemetry_data gave %s" % truck_data)
qmark.close()
conn.close()
print("ok")
