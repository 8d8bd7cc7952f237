"""Take the README's screenshots: ``python -m tests.browser.screenshots [FOLDER]``.

Serves the real app on a throw-away instance folder with the placeholder practice
profile (``examples/practice.toml``) and a few stored screenings, then opens each
page a patient or a coordinator sees in Debian's Chromium and saves it as PNG in
FOLDER (default ``docs/screenshots/``): patient pages on a 390 × 844 phone, the
staff pages on a 1280 px screen. Run it again after changing a page; the test
suite never writes there.
"""

from __future__ import annotations

import datetime
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, sync_playwright

from advisor.shipped import CHECKOUT
from advisor.storage.screenings import Patient
from tests.browser import chromium
from tests.browser.conftest import FLAGS
from tests.browser.serving import answers_cookie, app_on_sqlite, serving
from tests.browser.walker import Walker, reach
from tests.personas import BFR_CANDIDATE, BOTH_BLOCKED_AT_60, NMT_CANDIDATE

#: Patient pages, by the name of their PAGE_TYPE and the file they are saved as.
PATIENT_PAGES = {
    "start": "start",
    "question-radio": "question",
    "check-answers": "check-answers",
    "result-bfr": "result-bfr",
    "result-nmt": "result-nmt",
    "result-consult-blocked": "result-consult",
    "urgent-emergency": "urgent",
}

PHONE_SIZE = {"width": 390, "height": 844}
DESKTOP_SIZE = {"width": 1280, "height": 900}
PASSWORD = "screenshots only"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else CHECKOUT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    executable = chromium.find()
    if executable is None:
        print("Chromium is not installed: run `python -m tests.browser.chromium` first.")
        return 1
    with _served() as (app, url), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        cookie = answers_cookie(app, url)
        for page_type, name in PATIENT_PAGES.items():
            context = browser.new_context(base_url=url, viewport=PHONE_SIZE, device_scale_factor=1)
            walker = Walker(context.new_page())
            reach(walker, page_type, cookie)
            walker.page.screenshot(path=str(folder / f"{name}.png"))
            context.close()
        context = browser.new_context(base_url=url, viewport=DESKTOP_SIZE)
        page = context.new_page()
        _sign_in(page)
        page.goto("/staff/")
        page.screenshot(path=str(folder / "queue.png"), full_page=True)
        page.get_by_role("row").filter(has_text="Maria Lopez").get_by_role("link").first.click()
        page.screenshot(path=str(folder / "screening.png"), full_page=True)
        context.close()
        browser.close()
    print(f"Saved {len(PATIENT_PAGES) + 2} screenshots in {folder}")
    return 0


@contextmanager
def _served() -> Iterator[tuple[Flask, str]]:
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        shutil.copy(CHECKOUT / "examples" / "practice.toml", instance / "practice.toml")
        settings = {
            "SECRET_KEY": "screenshots",
            "PRACTICE_PROFILE": str(instance / "practice.toml"),
        }
        with app_on_sqlite(instance, settings, _store_screenings) as app, serving(app) as url:
            yield app, url


def _store_screenings() -> None:
    from werkzeug.security import generate_password_hash

    from advisor.storage import db
    from advisor.storage.models import User
    from tests.staff.conftest import keep

    db.session.add(
        User(
            email="coordinator@example.org",
            role="admin",
            password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
            active=True,
        )
    )
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    people = [
        ("Maria Lopez", "(555) 555-0142", 1958, BFR_CANDIDATE, 26),
        ("James Carter", "(555) 555-0187", 1971, NMT_CANDIDATE, 5),
        ("Ann Novak", "(555) 555-0110", 1949, BOTH_BLOCKED_AT_60, 2),
    ]
    for name, phone, born, answers, hours_ago in people:
        patient = Patient(
            name=name,
            phone=phone,
            email=f"{name.split()[0].lower()}@example.org",
            dob=datetime.date(born, 3, 14),
            consent=True,
        )
        keep(answers, patient=patient, created_at=now - datetime.timedelta(hours=hours_ago))


def _sign_in(page: Page) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email").fill("coordinator@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
