"""The dashboard in a real browser (Debian's Chromium through Playwright), against a wh serve
started by DashboardBrowserTests.swift on a seeded, empty warehouse.

Usage: check_dashboard.py URL SCREENSHOT_DIR [--stage-dir DIR]
Posts known telemetry and clicks, then checks that every figure the page shows equals the SQL
answer (asked through the server's own /v1/statements), that new telemetry shows up within 2 s
without a reload, that the page works with scripts off, and that bad states are shown, not crashed
on. Saves desktop and phone screenshots and prints their paths. Exits 1 on the first failure."""

import json
import shutil
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from playwright.sync_api import sync_playwright

URL, SHOTS = sys.argv[1], sys.argv[2]
STAGE_DIR = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--stage-dir" else None


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def post(path, body, content_type="application/x-ndjson"):
    request = urllib.request.Request(URL + path, data=body.encode(), headers={"Content-Type": content_type}, method="POST")
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())


def sql(statement):
    answer = post("/v1/statements", json.dumps({"statement": statement}), "application/json")
    return answer["data"]


def stamp(seconds_ago):
    return (datetime.now(timezone.utc) - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.%f")


def reading(truck, seconds_ago, speed, fuel, odometer, brake="Good", battery=13.9):
    return json.dumps({
        "truck_id": truck, "timestamp": stamp(seconds_ago), "vehicle_speed": speed, "odometer_reading": odometer,
        "gps_location": {"latitude": 35.8, "longitude": -83.8, "altitude": 42.1, "speed": speed},
        "engine_diagnostics": {"engine_rpm": 2000, "fuel_level": fuel, "engine_temperature": 90.0, "oil_pressure": 45.0, "battery_voltage": battery},
        "vehicle_health_and_maintenance": {"brake_status": brake, "transmission_status": "Operational",
                                           "tire_pressure": {"front_left": 32, "front_right": 32, "rear_left": 33, "rear_right": 33}},
        "environmental_conditions": {"temperature": 20, "humidity": 50, "atmospheric_pressure": 1010}})


def wait_for(check, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.1)
    fail(what)


def number(text):
    return float(text.replace(",", "").split()[0])


# An empty warehouse first: every part says so instead of failing.
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(URL + "/")
    for text in ["No truck has reported yet.", "No truck needs maintenance.", "No clicks yet."]:
        if text not in page.inner_text("main"):
            fail("the empty warehouse's page lacks: " + text)

    # Known data: three trucks (TRK003 with one reading and low fuel), two products.
    post("/v1/stages/TELEMETRY_STAGE/records", "\n".join([
        reading("TRK001", 30, 50.0, 60.0, 1000.0), reading("TRK001", 20, 55.5, 59.0, 1001.5),
        reading("TRK001", 10, 61.2, 58.5, 1003.0, brake="Needs Inspection", battery=11.5),
        reading("TRK002", 25, 40.0, 80.0, 500.0), reading("TRK002", 15, 42.0, 79.0, 501.0),
        reading("TRK003", 12, 30.0, 5.0, 42.0)]))
    post("/v1/stages/CLICKSTREAM_STAGE/records", "\n".join(json.dumps(c) for c in [
        {"Item_ID": "MOB001", "Timestamp": stamp(30), "Item_Name": "Mobile Phone", "Click_Counts": 450},
        {"Item_ID": "LAP002", "Timestamp": stamp(20), "Item_Name": "Laptop", "Click_Counts": 123}]))
    wait_for(lambda: len(sql("SELECT * FROM TRUCK_TELEMETRY_DATA")) == 6 and len(sql("SELECT * FROM CLICKSTREAM_DATA")) == 2,
             20, "the pipes and tasks did not load the known data within 20 s")

    page.goto(URL + "/?truck=TRK003")
    page.evaluate("window.__sameDocument = true")

    # 1. Products: each bar's label and count equal the SQL answer, in order.
    bars = page.eval_on_selector_all("#products svg text.label", "els => els.map(e => e.textContent)")
    counts = page.eval_on_selector_all("#products svg text.value", "els => els.map(e => e.textContent)")
    expected = sql("SELECT ITEM_NAME, CLICKS_LAST_HOUR FROM CLICKS_PER_PRODUCT WHERE CLICKS_LAST_HOUR > 0 ORDER BY CLICKS_LAST_HOUR DESC, ITEM_ID")
    if [[b, str(int(number(c)))] for b, c in zip(bars, counts)] != expected:
        fail("product bars %s %s differ from SQL %s" % (bars, counts, expected))

    # 2. The fleet: one row per truck, speed and fuel as in FLEET_CURRENT_STATE, statuses.
    rows = page.eval_on_selector_all("#fleet tbody tr", "rows => rows.map(r => Array.from(r.children).map(c => c.innerText.trim()))")
    expected = sql("SELECT TRUCK_ID, VEHICLE_SPEED, FUEL_LEVEL, ODOMETER_READING FROM FLEET_CURRENT_STATE ORDER BY TRUCK_ID")
    if [r[0] for r in rows] != [e[0] for e in expected]:
        fail("fleet trucks %s differ from SQL %s" % ([r[0] for r in rows], expected))
    for row, answer in zip(rows, expected):
        if abs(number(row[2]) - float(answer[1])) > 0.05 or abs(number(row[3]) - float(answer[2])) > 0.05 or abs(number(row[4]) - round(float(answer[3]))) > 0.5:
            fail("fleet row %s differs from SQL %s" % (row, answer))
    statuses = {r[0]: r[6] for r in rows}
    if statuses != {"TRK001": "needs maintenance", "TRK002": "ok", "TRK003": "needs maintenance"}:
        fail("statuses %s" % statuses)

    # 3. Maintenance: every reason of every truck, as the view gives them.
    shown = page.eval_on_selector_all("#maintenance ul.maintenance > li", "items => items.map(i => [i.querySelector('.truck').innerText, Array.from(i.querySelectorAll('.reasons li')).map(r => r.innerText)])")
    expected = [[t, r.split("; ")] for t, _, r in sql("SELECT TRUCK_ID, LAST_READING, REASON FROM TRUCKS_NEEDING_MAINTENANCE")]
    if sorted(shown) != sorted(expected):
        fail("maintenance %s differs from SQL %s" % (shown, expected))
    if shown[0][0] != "TRK001":
        fail("the truck with most reasons is not first: %s" % shown)

    # 5. Fuel efficiency: readings and distance per truck.
    shown = page.eval_on_selector_all("#efficiency tbody tr", "rows => rows.map(r => Array.from(r.children).map(c => c.innerText.trim()))")
    expected = sql("SELECT TRUCK_ID, READINGS, DISTANCE_KM, FUEL_USED_LITRES FROM FUEL_EFFICIENCY ORDER BY TRUCK_ID")
    if [[r[0], int(number(r[1])), number(r[2]), number(r[3])] for r in shown] != [[e[0], int(e[1]), float(e[2]), float(e[3])] for e in expected]:
        fail("efficiency %s differs from SQL %s" % (shown, expected))

    # 4. One truck with one reading: said so, not crashed on.
    if "One reading so far" not in page.inner_text("#truck"):
        fail("a truck with one reading is not explained")

    # Live: a new truck with a fault appears within 2 s, without a reload.
    post("/v1/stages/TELEMETRY_STAGE/records", reading("TRK004", 1, 70.0, 40.0, 9000.0, brake="Worn"))
    started = time.time()
    wait_for(lambda: "TRK004" in page.inner_text("#fleet") and "brakes: Worn" in page.inner_text("#maintenance"), 2.5,
             "the new reading and its alert did not show within 2 s")
    print("new reading shown after %.2f s" % (time.time() - started))
    if not page.evaluate("window.__sameDocument === true"):
        fail("the page reloaded instead of updating")

    # Screenshots, desktop and phone.
    page.screenshot(path=SHOTS + "/dashboard-desktop.png", full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(URL + "/")
    phone.screenshot(path=SHOTS + "/dashboard-phone.png", full_page=True)
    print("screenshot: " + SHOTS + "/dashboard-desktop.png")
    print("screenshot: " + SHOTS + "/dashboard-phone.png")

    # Keyboard: the sort links and truck links are reachable with Tab.
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.tagName") != "A":
        fail("the first Tab does not reach a link")

    # Scripts off: the server-rendered page still shows every table.
    quiet = browser.new_context(java_script_enabled=False).new_page()
    quiet.goto(URL + "/")
    for section in ["products", "fleet", "maintenance", "truck", "efficiency", "health"]:
        if not quiet.query_selector("#" + section):
            fail("without scripts the page lacks #" + section)
    if "TRK004" not in quiet.inner_text("#fleet"):
        fail("without scripts the fleet table is empty")

    # A stalled pipe is shown as such.
    if STAGE_DIR:
        shutil.rmtree(STAGE_DIR)
        page.goto(URL + "/")
        if "STOPPED_STAGE_DIRECTORY_MISSING" not in page.inner_text("#health"):
            fail("a stalled pipe is not shown: " + page.inner_text("#health"))
    browser.close()
print("ok")
