"""Pick… beside the page, Instagram account and lead form: the stored token's choices from the
(fake) Graph API, read on a worker; offline the typed id stays and the line says why."""
from __future__ import annotations

import threading

import pytest

from dcstudio.core.platforms.meta.publish.tokens import DEFAULT_PROFILE, store_token
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.qt.test_publish_dialog import closed_port_url

PAGE = "104857600012345"


@pytest.fixture
def form(window, fake_graph, token, memory_keyring):
    store_token(DEFAULT_PROFILE, token)
    fake_graph.pages.add_page(PAGE, "Acme Shoes",
                              business_account={"id": "17841400000000001", "username": "acme.shoes"},
                              forms=[{"id": "900000000000001", "name": "Spring leads"}])
    fake_graph.pages.add_page("104857600099999", "Acme Outlet")
    window.campaign.lookups.api_base = fake_graph.url
    return window.campaign


def pick(qtbot, picker, label_part: str):
    """Clicks Pick…, waits for the list and chooses the entry whose label holds ``label_part``."""
    threads, look_up = [], picker.look_up

    def watched(client):
        threads.append(threading.current_thread())
        return look_up(client)

    picker.look_up = watched
    picker.button.click()
    qtbot.waitUntil(lambda: picker.menu is not None and not picker.busy)
    picker.look_up = look_up
    assert threads and threads[0] is not threading.main_thread()  # on the worker, never the GUI thread
    action = next(a for a in picker.menu.actions() if label_part in a.text())
    action.trigger()
    picker.menu.close()


def test_the_page_is_picked_by_name(window, form, qtbot):
    form.page_id.setText("")
    pick(qtbot, form.page_picker, "Acme Outlet")
    assert window.document.project.campaign.page_id == "104857600099999"
    assert [a.text() for a in form.page_picker.menu.actions()] == ["Acme Shoes (id 104857600012345)",
                                                                   "Acme Outlet (id 104857600099999)"]


def test_the_pages_instagram_account_and_lead_form_are_picked_by_name(window, form, qtbot):
    assert window.document.project.campaign.page_id == PAGE
    pick(qtbot, form.instagram_picker, "acme.shoes")
    assert window.document.project.campaign.instagram_user_id == "17841400000000001"
    form.objective.setCurrentIndex(form.objective.findData("OUTCOME_LEADS"))
    pick(qtbot, form.lead_form_picker, "Spring leads")
    ctas = window.document.project.pools["call_to_actions"]
    assert ctas and all(c.value.get("lead_gen_form_id") == "900000000000001" for c in ctas)


def test_offline_the_typed_id_stays_and_the_line_says_why(window, form, qtbot):
    form.lookups.api_base = closed_port_url()
    form.lookups.max_wait = 2
    form.page_id.setText("104857600054321")
    form.page_picker.button.click()
    qtbot.waitUntil(lambda: not form.page_picker.busy)
    assert "cannot reach the Graph API (offline?)" in form.page_picker.status.text()
    assert form.page_id.text() == "104857600054321" and form.page_picker.menu is None


def test_without_a_stored_token_the_picker_says_how_to_set_one(window, form, qtbot, memory_keyring):
    memory_keyring.entries.clear()
    form.page_picker.button.click()
    qtbot.waitUntil(lambda: not form.page_picker.busy)
    assert "no access token" in form.page_picker.status.text() and "dcstudio token set" in \
        form.page_picker.status.text()
    assert window.document.project.campaign.page_id == PAGE
