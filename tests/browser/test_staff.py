"""Intake staff in Chromium: sign in, screen a patient, find it, read why, export, see the audit trail.

The staff pages run on the same live server as the patient pages, on its own
SQLite file (``live_app``). Accounts are made once per module with
``add_user``, the code behind ``advisor users add``, at full scrypt strength.
Each test signs in through the login page in a fresh browser context; the
screenings a test needs are stored through the app's own ``screenings.store``
unless the test is about making one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from advisor.assessment import assess
from advisor.extensions import current_ruleset
from advisor.storage import db, screenings
from advisor.storage.models import AuditEntry, Screening
from advisor.storage.screenings import Communication, Patient
from advisor.storage.users import add_user, find_user
from tests.browser.walker import Walker
from tests.personas import BFR_CANDIDATE, CHEST_PAIN

PASSWORD = "a long browser-test password"
ROLES = ("intake", "therapist", "admin")
AXE = Axe()


def email_of(role: str) -> str:
    return f"{role}@browser.example"


@pytest.fixture(scope="module")
def accounts(live_app: Flask) -> None:
    """One account per role, made as ``advisor users add`` makes them."""
    with live_app.app_context():
        for role in ROLES:
            if find_user(email_of(role)) is None:
                add_user(email_of(role), role, PASSWORD)


@pytest.fixture
def store(live_app: Flask) -> Callable[..., str]:
    """Return a maker: store a screening for these answers and details; return its reference."""

    def make(answers: dict[str, object] = BFR_CANDIDATE, **patient: object) -> str:
        with live_app.app_context():
            response = assess(answers, current_ruleset())
            details = Patient(**patient, consent=True) if patient else None  # type: ignore[arg-type]
            return screenings.store(response, answers, patient=details).reference

    return make


@pytest.fixture
def sign_in(
    browser: Browser, browser_context_args: dict, accounts: None
) -> Iterator[Callable[[str], Page]]:
    """Return a function: sign in as a role through the login page, in a fresh context."""
    contexts = []

    def open_as(role: str) -> Page:
        context = browser.new_context(**browser_context_args, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto("/staff/login")
        page.get_by_label("Email address").fill(email_of(role))
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Screenings")
        return page

    yield open_as
    for context in contexts:
        context.close()


def press(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def follow(page: Page, link: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).click()


def all_screenings(page: Page) -> None:
    """Go from the queue (where the list opens) to the list of all screenings and its filters."""
    if page.get_by_label("Patient’s name").count() == 0:
        follow(page, "All screenings")


def filter_by_name(page: Page, name: str) -> None:
    all_screenings(page)
    page.get_by_label("Patient’s name").fill(name)
    press(page, "Apply filters")


def no_axe_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.response["violations"] == [], f"{page.url}:\n{results.generate_report()}"


# Signing in -------------------------------------------------------------------------


def test_a_staff_page_sends_an_anonymous_visitor_to_sign_in_and_back(page: Page, accounts):
    """Opening the list signed out shows the login page; signing in lands on the list asked for."""
    page.goto("/staff/screenings?status=new")

    assert page.url.split("?")[0].endswith("/staff/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    no_axe_violations(page)
    page.get_by_label("Email address").fill(email_of("intake"))
    page.get_by_label("Password").fill(PASSWORD)
    press(page, "Sign in")

    assert page.url.endswith("/staff/screenings?status=new")
    expect(page.get_by_label("Status")).to_have_value("new")


def test_a_wrong_password_gets_the_same_generic_error_as_an_unknown_account(page: Page, accounts):
    """Neither message says which part was wrong, and the email typed is kept."""
    messages = []
    for email, password in [(email_of("intake"), "not the password"), ("nobody@x.example", "x")]:
        page.goto("/staff/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        press(page, "Sign in")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("There is a problem")
        messages.append(alert.inner_text())
        expect(page.get_by_label("Email address")).to_have_value(email)
        expect(page).to_have_title(re.compile(r"^Error: Sign in"))

    assert messages[0] == messages[1]
    assert "The email address or password is not correct" in messages[0]
    no_axe_violations(page)


def test_sign_out_ends_the_session(sign_in):
    """After Sign out, the list asks for a sign-in again."""
    page = sign_in("therapist")

    press(page, "Sign out")
    page.goto("/staff/screenings")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


# Screening a patient ------------------------------------------------------------------


def test_intake_screens_a_patient_then_reads_the_saved_result_and_its_reasons(sign_in):
    """Details, the patient's own questionnaire, check answers, Save: the detail page explains it."""
    page = sign_in("intake")
    follow(page, "Screen a patient")
    expect(page.get_by_role("heading", level=1)).to_have_text("The patient’s details")
    no_axe_violations(page)
    page.get_by_label("Full name").fill("Rosa Browserton")
    page.get_by_label("Phone number").fill("555 010 2030")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Year").fill("1955")
    page.get_by_label("The patient agrees that we keep these details").check()
    press(page, "Start the questions")

    walker = Walker(page)
    assert walker.walk(BFR_CANDIDATE) == "/check-answers"
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the patient’s answers")
    expect(page.get_by_text("Rosa Browserton")).to_be_visible()
    no_axe_violations(page)
    press(page, "Save screening")

    assert re.search(r"/staff/screenings/\d+$", page.url)
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"Screening [A-Z0-9-]+ saved"))
    expect(page.get_by_text("Rosa Browserton")).to_be_visible()
    expect(page.get_by_text(email_of("intake"), exact=True).last).to_be_visible()
    explanation = page.get_by_role("table", name="The explanation, one rule a row")
    expect(explanation).to_contain_text("bfr-weakness-with-condition")
    expect(explanation).to_contain_text("Weakness with a joint, spine or nerve condition")
    expect(page.get_by_text(re.compile(r"^Version \S+"))).to_be_visible()
    no_axe_violations(page)


def test_a_double_click_on_save_keeps_one_screening(sign_in, live_app: Flask):
    """Two presses of Save screening, as fast as a double click, store one screening."""
    page = sign_in("intake")
    follow(page, "Screen a patient")
    press(page, "Start the questions")  # no details: the patient did not agree
    assert Walker(page).walk(BFR_CANDIDATE) == "/check-answers"
    with live_app.app_context():
        before = db.session.query(Screening).count()

    # The second press aborts the first press's navigation in the browser, so wait for the
    # page that ends it, whichever request it came from, not for one navigation.
    page.get_by_role("button", name="Save screening").dblclick()

    expect(page.get_by_text("No details kept")).to_be_visible(timeout=15_000)
    with live_app.app_context():
        assert db.session.query(Screening).count() == before + 1


def test_a_red_flag_in_a_staff_run_says_to_get_help_and_still_saves(sign_in):
    """Chest pain stops the questions at check answers with a warning; the saved result is urgent care."""
    page = sign_in("intake")
    follow(page, "Screen a patient")
    press(page, "Start the questions")
    walker = Walker(page)

    assert walker.walk(CHEST_PAIN) == "/check-answers"
    expect(
        page.get_by_text("The patient ticked a symptom that needs medical help first")
    ).to_be_visible()
    press(page, "Save screening")

    expect(page.get_by_text("Urgent care", exact=True)).to_be_visible()


# The list, the detail page, follow-up ----------------------------------------------------


def test_the_list_finds_a_screening_by_name_and_its_page_takes_status_and_notes(sign_in, store):
    """A name search finds one screening; its page changes status and keeps a note."""
    reference = store(name="Tobias Listfinder", phone="555 000 1111")
    page = sign_in("therapist")
    no_axe_violations(page)

    filter_by_name(page, "listfind")

    expect(page.get_by_role("status")).to_have_text("Showing 1 to 1 of 1 screening")
    follow(page, reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    page.get_by_label("Contacted").check()
    press(page, "Change status")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main .table .tag")).to_have_text("Contacted")
    page.get_by_label("Add a note").fill("Left a message; will call back on Monday.")
    press(page, "Add note")
    expect(page.get_by_text("Left a message; will call back on Monday.")).to_be_visible()
    no_axe_violations(page)

    follow(page, "Back to the screenings")
    all_screenings(page)
    page.get_by_label("Status").select_option(label="Contacted")
    filter_by_name(page, "Tobias")
    expect(page.get_by_role("status")).to_have_text("Showing 1 to 1 of 1 screening")


def test_a_printed_screening_keeps_the_record_and_drops_the_controls(
    sign_in, store, screenshots: Path
):
    """In print: reference, patient, result, reasons and notes stay; staff bar and forms go."""
    reference = store(name="Petra Printwell", phone="555 444 3333")
    page = sign_in("intake")
    filter_by_name(page, "Printwell")
    follow(page, reference)
    page.get_by_label("Add a note").fill("Booked for Tuesday.")
    press(page, "Add note")

    page.emulate_media(media="print")

    for kept in (
        reference,
        "Petra Printwell",
        "Why: every rule that fired",
        "Booked for Tuesday.",
        "How old are you?",  # the answers print unfolded
    ):
        expect(page.get_by_text(kept, exact=True).first).to_be_visible()
    for gone in ("Sign out", "Add note", "Change status"):
        expect(page.get_by_role("button", name=gone)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Staff")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to the screenings")).to_be_hidden()
    page.screenshot(path=screenshots / "print-staff-screening.png", full_page=True)


def test_dates_the_wrong_way_round_are_named_and_the_other_filters_kept(sign_in):
    """An end date before the start date gets a message; the name typed stays.

    The date fields are the browser's date inputs, so a date that is not real cannot
    be typed here; the server's own check of it is in ``tests/staff``.
    """
    page = sign_in("intake")
    all_screenings(page)
    page.get_by_label("From").fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-02-01")

    filter_by_name(page, "Someone")

    expect(page.get_by_role("alert")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    expect(page.get_by_label("Patient’s name")).to_have_value("Someone")
    no_axe_violations(page)


def test_a_therapist_is_not_offered_export_run_or_audit_and_is_refused_them(sign_in, store):
    """The links are not shown, and opening the addresses answers 403 with a staff page."""
    store(name="Una Therapistview")
    page = sign_in("therapist")

    expect(page.get_by_role("link", name="Screen a patient")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("as a spreadsheet"))).to_have_count(0)
    expect(page.get_by_role("link", name="Audit trail")).to_have_count(0)
    for path in ("/staff/screenings/new", "/staff/screenings.csv", "/staff/audit"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 403, path
    no_axe_violations(page)


# Export ------------------------------------------------------------------------------


def test_export_downloads_the_filtered_list_as_a_spreadsheet_safe_csv(
    sign_in, store, tmp_path: Path
):
    """The download holds the filtered screenings only, and a formula-like name is neutralised."""
    reference = store(name='=HYPERLINK("http://x.example") Exportson', email="e@x.example")
    store(name="Someone Else")
    page = sign_in("intake")
    filter_by_name(page, "Exportson")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this screening as a spreadsheet (CSV)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    assert re.fullmatch(r"screenings-\d{4}-\d\d-\d\d\.csv", path.name)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [row["reference"] for row in rows] == [reference]
    assert rows[0]["patient_name"] == '\'=HYPERLINK("http://x.example") Exportson'
    assert rows[0]["primary"] == "bfr"


# Audit trail -------------------------------------------------------------------------


def test_an_admin_sees_each_step_of_a_colleagues_work_in_the_audit_trail(sign_in, store, live_app):
    """Sign-in, a view and an export by intake each appear, with who did it; nothing to edit."""
    reference = store(name="Audra Trailing")
    intake = sign_in("intake")
    filter_by_name(intake, "Audra")
    follow(intake, reference)
    follow(intake, "Back to the screenings")
    filter_by_name(intake, "Audra")
    with intake.expect_download():
        intake.get_by_role("link", name=re.compile("as a spreadsheet")).click()

    admin = sign_in("admin")
    follow(admin, "Audit trail")

    expect(admin.get_by_role("heading", level=1)).to_have_text("Audit trail")
    table = admin.get_by_role("table", name="Audit entries, newest first")
    for action in ("login", "screening_viewed", "screenings_exported", "screenings_listed"):
        expect(
            table.get_by_role("row")
            .filter(has_text=email_of("intake"))
            .filter(has_text=action)
            .first
        ).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=reference).first).to_be_visible()
    expect(admin.locator("form")).to_have_count(1)  # only Sign out: the trail cannot be edited
    no_axe_violations(admin)
    with live_app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="audit_viewed").count() >= 1


# A patient asks to be contacted ---------------------------------------------------------


def test_a_patients_contact_request_reaches_the_staff_list(walker: Walker, sign_in):
    """The patient sends the form on their result; intake finds it as a self-screening."""
    walker.finish(BFR_CANDIDATE)
    page = walker.page
    walker.follow("Ask us to contact you")
    expect(page.get_by_text("We have not kept your answers.")).to_be_visible()
    page.get_by_label("Your name").fill("Pat Selfscreen")
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_label("I agree that the clinic keeps my answers").check()
    walker.press("Ask the clinic to contact me")

    expect(page.get_by_role("heading", level=1)).to_have_text("We have your request")
    reference = page.locator("strong").first.inner_text()
    no_axe_violations(page)

    staff = sign_in("intake")
    filter_by_name(staff, "Selfscreen")
    row = staff.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Pat Selfscreen")
    expect(row).to_contain_text("self-screening")


# The rule set in use (issue 11) -------------------------------------------------------


def test_a_therapist_reads_the_rule_set_in_use_from_the_staff_bar(sign_in):
    """The staff bar links to the rule set status page, which passes axe."""
    page = sign_in("therapist")

    follow(page, "Rule set status")

    expect(page.get_by_role("heading", level=1)).to_have_text("Rule set status")
    expect(page.get_by_text("None: the last saved change is in use.")).to_be_visible()
    no_axe_violations(page)


def test_the_rule_set_status_fits_a_phone_without_sideways_scrolling(sign_in):
    """The 64-character digest wraps: a therapist checking from a phone reads it whole."""
    page = sign_in("therapist")
    page.set_viewport_size({"width": 375, "height": 667})

    follow(page, "Rule set status")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375


# The coordinator's queue and a screening's page at any width (issue 12) -----------------

#: A phone, the narrowest width WCAG's reflow asks for, and a desktop.
PHONE_WIDTH, NARROWEST, DESKTOP = 390, 320, 1280


#: The elements that stick out past the right edge of the window, to name in a failure.
_WIDE = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(e => !e.closest(".table-wrap"))
  .slice(0, 5).map(e => e.tagName + "." + e.className + " " + e.getBoundingClientRect().right)"""


def no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url} is {widths[0]} px wide in {widths[1]} px: {page.evaluate(_WIDE)}"
    )


def at_width(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP])
def test_the_queue_lists_who_to_call_with_their_phone_at_any_width(
    sign_in, store, width, screenshots: Path
):
    """The list opens on "To contact": the person, a tap-to-call number, insurance, body area."""
    reference = store(
        {**BFR_CANDIDATE, "body_areas": ["lower_back"]}, name="Quinn Queuer", phone="555 010 9999"
    )
    page = sign_in("intake")
    at_width(page, width)
    page.reload()

    expect(page.get_by_role("link", name="To contact")).to_have_attribute("aria-current", "page")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Quinn Queuer")
    expect(row.get_by_role("link", name="555 010 9999")).to_have_attribute("href", "tel:5550109999")
    expect(row).to_contain_text("Medicare")
    expect(row).to_contain_text("Lower back")
    expect(row).to_contain_text(re.compile(r"under a minute|\d+ minutes?"))
    expect(page.get_by_role("region", name="Practice details not set")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Staff pages. Times are in UTC.")
    no_sideways_scrolling(page)
    no_axe_violations(page)
    page.screenshot(path=screenshots / f"staff-queue-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP])
def test_a_screening_opens_on_the_person_with_status_and_notes_before_the_answers(
    sign_in, store, width, screenshots: Path
):
    """Name, tel: and mailto: links and the status form come first; answers open by section."""
    reference = store(name="Sam Pagefirst", phone="555 010 7777", email="sam@example.com")
    page = sign_in("intake")
    at_width(page, width)
    follow(page, reference)

    expect(page.get_by_role("link", name="555 010 7777")).to_have_attribute(
        "href", "tel:5550107777"
    )
    expect(page.get_by_role("link", name="sam@example.com")).to_have_attribute(
        "href", "mailto:sam@example.com"
    )
    expect(page.get_by_text(re.compile(r"^Version \S+"))).to_be_visible()
    question = page.get_by_text("How old are you?", exact=True)
    expect(question).to_be_hidden()
    page.get_by_text("About you", exact=True).click()
    expect(question).to_be_visible()
    form_top = page.get_by_role("group", name="Follow-up status").bounding_box()
    answers_top = page.get_by_role("heading", name="Answers").bounding_box()
    assert form_top
    assert answers_top
    assert form_top["y"] < answers_top["y"]
    no_sideways_scrolling(page)
    no_axe_violations(page)
    page.screenshot(path=screenshots / f"staff-screening-{width}.png", full_page=True)


def test_the_new_status_radio_is_named_new_and_its_label_selects_it(sign_in, store):
    """The form no longer shares id="status" with the first radio: "New" has its name and label."""
    reference = store(name="Nell Labelled")
    page = sign_in("therapist")
    follow(page, reference)
    page.get_by_label("Closed").check()

    new = page.get_by_role("radio", name="New", exact=True)
    expect(new).to_have_accessible_name("New")
    page.locator("label[for=status]").click()

    expect(new).to_be_checked()
    assert page.locator("[id=status]").count() == 1


@pytest.mark.parametrize("width", [NARROWEST, PHONE_WIDTH])
@pytest.mark.parametrize("view", ["queue", "all", "screening"])
def test_staff_pages_need_no_sideways_scrolling_on_a_phone(sign_in, store, width, view):
    """At 320 and 390 px the queue, the list of all and a screening fit the screen's width."""
    reference = store(
        name="Maximiliana Wolfeschlegelsteinhausen-Bergerdorff",
        phone="+1 (555) 010-1234",
        email="maximiliana.wolfeschlegelsteinhausen@example.com",
    )
    page = sign_in("admin")
    at_width(page, width)
    if view == "all":
        follow(page, "All screenings")
    elif view == "screening":
        follow(page, reference)
    else:
        page.reload()

    no_sideways_scrolling(page)


def test_a_wide_table_is_a_named_region_the_keyboard_can_reach_and_scroll(sign_in, store):
    """At 390 px the list of all scrolls inside its box, which Tab reaches and arrows scroll."""
    store(name="Kay Boardwell")
    page = sign_in("intake")
    at_width(page, PHONE_WIDTH)
    follow(page, "All screenings")
    region = page.get_by_role("region", name="All screenings")

    for _ in range(40):
        page.keyboard.press("Tab")
        if region.evaluate("box => box === document.activeElement"):
            break
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    # Arrow keys scroll smoothly: wait (up to 5 s) for the box to have moved.
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle(), timeout=5000)


# The patient's language (issue 13) ------------------------------------------------------


def test_a_patient_who_asks_for_an_interpreter_is_marked_for_the_coordinator(
    walker: Walker, sign_in
):
    """The patient answers "Yes" on the contact form; intake sees "Interpreter" on their row
    and "Interpreter: Yes" on their page. Form, list and page are axe-clean."""
    walker.finish(BFR_CANDIDATE)
    page = walker.page
    walker.follow("Ask us to contact you")
    page.get_by_label("Your name").fill("Ines Askedfor")
    page.get_by_label("Email address").fill("ines@example.com")
    interpreter = page.get_by_role("group", name="Would you like an interpreter? (optional)")
    interpreter.get_by_label("Yes").check()
    no_axe_violations(page)
    page.get_by_label("I agree that the clinic keeps my answers").check()
    walker.press("Ask the clinic to contact me")
    reference = page.locator("strong").first.inner_text()

    staff = sign_in("intake")
    at_width(staff, PHONE_WIDTH)
    filter_by_name(staff, "Askedfor")
    expect(staff.get_by_role("row").filter(has_text=reference)).to_contain_text("Interpreter")
    no_axe_violations(staff)
    follow(staff, reference)
    expect(staff.get_by_role("row", name="Interpreter")).to_contain_text("Yes")
    expect(staff.get_by_role("row", name="Language")).to_contain_text("English")
    no_sideways_scrolling(staff)
    no_axe_violations(staff)


def test_a_spanish_speaker_is_marked_in_the_list_and_named_in_both_languages_on_their_page(
    sign_in, live_app: Flask
):
    """ "Spanish · interpreter" on the row; "Spanish (Español)" on the page, whose Spanish
    word is marked lang="es"; both fit a phone and are axe-clean."""
    with live_app.app_context():
        response = assess(BFR_CANDIDATE, current_ruleset())
        reference = screenings.store(
            response,
            BFR_CANDIDATE,
            patient=Patient("Esperanza Hablaespañol", "555 010 3434", consent=True),
            communication=Communication("es", "yes"),
        ).reference
    page = sign_in("intake")
    at_width(page, PHONE_WIDTH)

    filter_by_name(page, "Hablaespañol")

    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text(
        "Spanish · interpreter"
    )
    no_axe_violations(page)
    follow(page, reference)
    expect(page.get_by_role("row", name="Language")).to_contain_text("Spanish (Español)")
    expect(page.locator('[lang="es"]')).to_have_text("Español")
    no_sideways_scrolling(page)
    no_axe_violations(page)
