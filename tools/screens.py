"""Screenshots of Santisuk's pages in headless Chromium, in English and Khmer, on a desktop and
a phone width, to look at how they render.

Development tool, not part of the running system. Needs Chromium, its driver and Selenium
(Debian: ``apt-get install chromium chromium-driver fonts-khmeros``; then
``pip install selenium`` into any Python). Run against a server you started::

    python tools/screens.py --base http://127.0.0.1:8011 --user pp.unitchief \\
        --password '...' --out shots / /org/officers/ /org/officers/add/

Pages are paths on the server; the login page is always taken first, before logging in.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def driver_for(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shoot(driver, path: Path, width: int, min_height: int, full: bool = True) -> None:
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(min_height, min(height, 6000)))
    driver.save_screenshot(str(path))


def click_and_wait(driver, element) -> None:
    """Click something that loads a new page, and wait until the old page is gone."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(element))


def log_in(driver, base: str, user: str, password: str, language: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/accounts/login/")
    button = driver.find_element(By.CSS_SELECTOR, f'button[name="language"][value="{language}"]')
    click_and_wait(driver, button)
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def name_for(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", page.lower()).strip("_") or "home"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["/"])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", default="shots")
    parser.add_argument("--languages", default="en,km")
    parser.add_argument("--sizes", default="desktop,phone")
    parser.add_argument(
        "--viewport", action="store_true", help="only what fits the screen, not the whole page"
    )
    args = parser.parse_args()

    try:
        from selenium.webdriver.common.by import By
    except ImportError:
        print("screens.py needs Selenium: pip install selenium", file=sys.stderr)
        return 1

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        width, height = SIZES[size]
        driver = driver_for(width, height)
        try:
            for language in args.languages.split(","):
                driver.delete_all_cookies()
                driver.get(f"{args.base}/accounts/login/")
                button = f'button[name="language"][value="{language}"]'
                click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, button))
                shoot(driver, out / f"{language}-{size}-login.png", width, height)
                driver.delete_all_cookies()
                log_in(driver, args.base, args.user, args.password, language)
                for page in args.pages:
                    driver.set_window_size(width, height)
                    driver.get(f"{args.base}{page}")
                    target = out / f"{language}-{size}-{name_for(page)}.png"
                    shoot(driver, target, width, height, full=not args.viewport)
                    print(target)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
