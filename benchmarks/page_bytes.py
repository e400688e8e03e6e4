"""What headless Chromium transfers on the first load of a page, counted from its own Network events.

Each page is loaded with the browser's cache emptied first (cookies kept, so the user
stays logged in), and counted until Dash has no callback pending and no request has
started for a while. `transferred` is the sum of Chromium's `encodedDataLength` of every
request (headers and body as they came over the wire, compressed if the server
compressed); `decoded` is the bodies after decompression.
"""

from __future__ import annotations

import json
import tempfile
import time
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

QUIET_SECONDS = 1.5  # no new request for this long, with Dash idle, ends a page load
TIMEOUT = 90


class Browser:
    """Headless Debian Chromium with performance logging."""

    def __enter__(self) -> Browser:
        self.profile = tempfile.TemporaryDirectory(prefix="bench-chrome-")
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--window-size=1400,1000",
            "--lang=th-TH",
            f"--user-data-dir={self.profile.name}",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(TIMEOUT)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.driver.quit()
        self.profile.cleanup()

    def sign_in(self, base: str, username: str, password: str) -> None:
        """Log in through the form, as a person would."""
        driver = self.driver
        driver.delete_all_cookies()
        driver.get(f"{base}/login")
        WebDriverWait(driver, TIMEOUT).until(lambda d: d.find_elements(By.ID, "username"))
        driver.find_element(By.ID, "username").send_keys(username)
        driver.find_element(By.ID, "password").send_keys(password + Keys.ENTER)
        WebDriverWait(driver, TIMEOUT).until(lambda d: "/login" not in d.current_url)
        self.settle()

    def first_load(self, url: str) -> dict[str, int]:
        """Requests, bytes transferred and decoded, Dash JSON bytes and milliseconds of one first load."""
        driver = self.driver
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get("about:blank")
        driver.get_log("performance")  # drop what came before
        start = time.perf_counter()
        driver.get(url)
        self.settle()
        elapsed = time.perf_counter() - start - QUIET_SECONDS
        return tally(driver.get_log("performance")) | {"ms": int(elapsed * 1000)}

    def settle(self) -> None:
        """Wait until the page content exists, Dash is idle and no request started for QUIET_SECONDS."""
        script = """
            const content = document.getElementById('_pages_content');
            return [document.readyState, content ? content.childElementCount : -1,
                    document.querySelectorAll('[data-dash-is-loading="true"]').length,
                    performance.getEntriesByType('resource').length];
        """
        last: list[Any] = []
        since = time.monotonic()
        deadline = since + TIMEOUT
        while time.monotonic() < deadline:
            state = self.driver.execute_script(script)
            if state != last:
                last, since = state, time.monotonic()
            ready = state[0] == "complete" and state[1] != 0 and state[2] == 0
            if ready and time.monotonic() - since >= QUIET_SECONDS:
                return
            time.sleep(0.1)  # polling the page: nothing to wait on but time
        raise TimeoutError(f"page never settled: {last}")


def tally(entries: list[dict[str, Any]]) -> dict[str, int]:
    """Sums over one page load's Network events."""
    urls: dict[str, str] = {}
    decoded: dict[str, int] = {}
    sizes: dict[str, int] = {}
    total = json_bytes = count = 0
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif method == "Network.dataReceived":
            decoded[params["requestId"]] = decoded.get(params["requestId"], 0) + params.get(
                "dataLength", 0
            )
        elif method == "Network.loadingFinished":
            url = urls.get(params["requestId"], "")
            if url.startswith("data:"):
                continue
            size = int(params.get("encodedDataLength", 0))
            total += size
            count += 1
            sizes[url] = sizes.get(url, 0) + size
            if "/_dash-update-component" in url or url.endswith(
                ("/_dash-layout", "/_dash-dependencies")
            ):
                json_bytes += size
    heaviest = sorted(sizes.items(), key=lambda kv: -kv[1])
    return {
        "requests": count,
        "transferred": total,
        "decoded": sum(decoded.values()),
        "json": json_bytes,
        "heaviest": heaviest,
    }  # type: ignore[dict-item]


def main() -> None:
    """Count one page by hand: page_bytes.py URL USER PASSWORD (prints the counts)."""
    import sys

    url, user, password = sys.argv[1:4]
    base = "/".join(url.split("/")[:3])
    with Browser() as browser:
        browser.sign_in(base, user, password)
        print(browser.first_load(url))


if __name__ == "__main__":
    main()
