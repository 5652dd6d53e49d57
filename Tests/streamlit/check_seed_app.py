"""The seed's Streamlit app (seed_app.py) against wh serve, in headless Chromium (run by
SeedStreamlitAppTests.swift; argv: the server's port, a free port for Streamlit, the screenshot folder).
Its two pages must show what the warehouse holds: the clicks the key-value table has (through boto3's
DynamoDB scan) and the trucks' current telemetry (through the Snowflake connector). Saves a screenshot
of each page and prints their paths. Exits 1 on the first failure; prints "ok"."""

import os
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

wh_port, port, shots = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


environment = dict(os.environ, WH_PORT=wh_port, AWS_ENDPOINT_URL="http://127.0.0.1:" + wh_port, AWS_ACCESS_KEY_ID="wh",
                   AWS_SECRET_ACCESS_KEY="wh", AWS_DEFAULT_REGION="us-east-1")
app = subprocess.Popen([sys.executable, "-m", "streamlit", "run", os.path.join(here, "seed_app.py"), "--server.headless", "true",
                        "--server.port", port, "--browser.gatherUsageStats", "false"],
                       env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
try:
    for _ in range(100):
        try:
            if urllib.request.urlopen("http://127.0.0.1:%s/_stcore/health" % port, timeout=1).status == 200:
                break
        except Exception:
            time.sleep(0.2)
    else:
        fail("streamlit did not start")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto("http://127.0.0.1:%s/" % port)
        page.get_by_text("Clickstream Data Visualization").wait_for(timeout=30000)
        table = page.locator("table").inner_text()
        for expected in ("Mobile Phone", "Laptop", "MOB001", "120", "80"):
            if expected not in table:
                fail("the clickstream table lacks %s:\n%s" % (expected, table))
        if page.get_by_text("No clickstream data found.").count():
            fail("the clickstream page says there is no data")
        # The script has finished and the chart is drawn.
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30000)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30000)
        time.sleep(2)
        first = os.path.join(shots, "seed-streamlit-clickstream.png")
        page.screenshot(path=first, full_page=True)
        page.locator("[data-testid='stSelectbox']").click()
        page.get_by_text("Truck Telemetry Data").last.click()
        page.get_by_text("Current Truck Telemetry Data").wait_for(timeout=30000)
        page.get_by_text("Truck Speed Visualization").wait_for(timeout=30000)
        if page.get_by_text("No truck telemetry data found.").count():
            fail("the telemetry page says there is no data")
        page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30000)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30000)
        time.sleep(2)
        second = os.path.join(shots, "seed-streamlit-telemetry.png")
        page.screenshot(path=second, full_page=True)
        browser.close()
    print("screenshots: " + first + " " + second)
finally:
    # Streamlit may not end on SIGTERM (one was found still serving 50 minutes after a CI run): kill it then.
    app.terminate()
    try:
        log = app.communicate(timeout=10)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        app.kill()
        log = app.communicate()[0].decode(errors="replace")
    if "Traceback" in log:
        print(log[-3000:])
        fail("the app raised")
print("ok")
