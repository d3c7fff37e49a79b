"""The publish dialog against the fake Graph API: token check, review, progress, cancel, resume."""
from __future__ import annotations

import json

import pytest

from dcstudio.qt.publish_dialog import PublishDialog
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token

ACCOUNT = "act_5150"


def counts(server):
    return {k: server.count(k) for k in ("campaign", "adset", "creative", "ad")}


@pytest.fixture
def dialog(qtbot, demo_project, fake_graph, memory_keyring, monkeypatch):
    monkeypatch.setattr(PublishDialog, "confirm", lambda self, text: True)
    dlg = PublishDialog(demo_project, api_base=fake_graph.url)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.calls_model.rowCount() == 9)
    yield dlg
    dlg.cancel_event.set()


def paste_token(qtbot, dlg, token):
    dlg.token_edit.setText(token)
    dlg.check_button.click()
    qtbot.waitUntil(lambda: "checking" not in dlg.token_status.text())
    if "works" in dlg.token_status.text() or "not accepted" in dlg.token_status.text():
        assert dlg.token_edit.text() == ""  # taken or refused: the field no longer holds it


def run(qtbot, dlg, mode="publish"):
    dlg.mode_combo.setCurrentIndex(dlg.mode_combo.findData(mode))
    dlg.account_edit.setText(ACCOUNT)
    assert dlg.publish_button.isEnabled()
    dlg.publish_button.click()
    qtbot.waitUntil(lambda: not dlg.running)


def all_text(dlg) -> str:
    cells = [dlg.calls_model.item(r, c).text() for r in range(dlg.calls_model.rowCount()) for c in range(4)]
    return "\n".join([dlg.log_view.toPlainText(), dlg.token_status.text(), dlg.summary_label.text(),
                      dlg.payload_view.toPlainText(), dlg.token_edit.text(), *cells])


def test_change_set_is_shown_before_anything_is_sent(dialog, fake_graph):
    assert "1 campaign, 1 ad set, 5 image uploads, 1 creative, 1 ad" in dialog.summary_label.text()
    assert dialog.status_of("campaign") == "planned"
    dialog.calls_view.setCurrentIndex(dialog.calls_model.index(7, 0))
    assert '"asset_feed_spec"' in dialog.payload_view.toPlainText()
    assert not dialog.publish_button.isEnabled()  # no account, no token yet
    assert fake_graph.log == []


def test_pasted_token_is_checked_with_get_me_and_stored(qtbot, dialog, fake_graph, token, memory_keyring):
    paste_token(qtbot, dialog, token)
    assert "works: Test User" in dialog.token_status.text() and f"…{token[-4:]}" in dialog.token_status.text()
    assert fake_graph.requests_to("^me$", "GET")
    assert memory_keyring.entries[("dcstudio", "default:access_token")] == token
    assert token not in all_text(dialog)


def test_invalid_token_is_refused_and_not_stored(qtbot, dialog, memory_keyring):
    paste_token(qtbot, dialog, random_token())
    assert "not accepted" in dialog.token_status.text()
    assert memory_keyring.entries == {} and dialog.credentials is None


def test_the_check_runs_off_the_gui_thread(qtbot, dialog, fake_graph, token):
    fake_graph.inject("slow", path="^me$", seconds=0.5)
    dialog.token_edit.setText(token)
    dialog.check_token()
    assert "checking" in dialog.token_status.text()  # returned before the server answered
    qtbot.waitUntil(lambda: "works" in dialog.token_status.text())


def test_publish_shows_progress_per_step_and_the_result(qtbot, dialog, fake_graph, token):
    paste_token(qtbot, dialog, token)
    run(qtbot, dialog)
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert dialog.status_of("ad-1").startswith("created")
    assert dialog.status_of("image-img3").startswith("uploaded")
    for kind, bar in dialog.bars.items():
        assert bar.value() == bar.maximum(), kind
    assert dialog.overall.value() == 9
    log = dialog.log_view.toPlainText()
    assert "published; journal" in log and "drift: none" in log and "review: ad-1" in log
    assert token not in all_text(dialog)


def test_cancel_then_publish_again_resumes(qtbot, dialog, fake_graph, token):
    paste_token(qtbot, dialog, token)
    fake_graph.inject("slow", path="adcreatives", method="POST", seconds=0.4)
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("publish"))
    dialog.account_edit.setText(ACCOUNT)
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: dialog.status_of("creative-1") == "sending")
    assert dialog.cancel_button.text() == "Cancel"
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running)
    assert "cancelled" in dialog.log_view.toPlainText()
    assert counts(fake_graph)["ad"] == 0
    run(qtbot, dialog)
    assert "resuming publish" in dialog.log_view.toPlainText()
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_dry_run_and_validate_only(qtbot, dialog, fake_graph, token):
    run(qtbot, dialog, "dry_run")
    assert fake_graph.log == [] and "dry run: nothing was sent" in dialog.log_view.toPlainText()
    paste_token(qtbot, dialog, token)
    run(qtbot, dialog, "validate_only")
    assert "creative-1: ok" in dialog.log_view.toPlainText()
    assert counts(fake_graph) == {"campaign": 0, "adset": 0, "creative": 0, "ad": 0}


def test_a_refusal_is_logged_with_the_blamed_asset(qtbot, dialog, fake_graph, token):
    paste_token(qtbot, dialog, token)
    fake_graph.inject("validation", path="adcreatives", user_msg="Headline rejected",
                      blame=[["asset_feed_spec", "titles", 1, "text"]])
    run(qtbot, dialog)
    log = dialog.log_view.toPlainText()
    assert "Headline rejected" in log and "titles asset title2" in log and "already created" in log


def test_no_keyring_backend_keeps_the_token_for_this_session(qtbot, demo_project, fake_graph, token, no_keyring,
                                                             monkeypatch):
    monkeypatch.setattr(PublishDialog, "confirm", lambda self, text: True)
    dlg = PublishDialog(demo_project, api_base=fake_graph.url)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None and "no keyring backend" in dlg.token_status.text())
    assert not dlg.remember_box.isEnabled() and not dlg.remember_box.isChecked()
    paste_token(qtbot, dlg, token)
    assert "kept for this session only" in dlg.token_status.text()
    run(qtbot, dlg)
    assert counts(fake_graph)["ad"] == 1


def test_lint_errors_stop_a_publish_unless_confirmed(qtbot, dialog, fake_graph, token, monkeypatch):
    project = dialog.project
    project.update_campaign(objective="REACH")  # not a dynamic-creative objective: a lint error
    asked = []
    monkeypatch.setattr(PublishDialog, "confirm", lambda self, text: asked.append(text) or False)
    paste_token(qtbot, dialog, token)
    run(qtbot, dialog)
    assert "Publish anyway?" in asked[0]
    assert ("lint error" in dialog.log_view.toPlainText()
            and "fix the lint errors first" in dialog.log_view.toPlainText())
    assert counts(fake_graph) == {"campaign": 0, "adset": 0, "creative": 0, "ad": 0}


def test_a_lookup_that_hits_its_limit_offers_the_whole_list_and_makes_no_duplicate(
        qtbot, demo_project, fake_graph, memory_keyring, token, monkeypatch):
    asked = []
    monkeypatch.setattr(PublishDialog, "confirm", lambda self, text: asked.append(text) or True)
    dlg = PublishDialog(demo_project, api_base=fake_graph.url, lookup_limit=100)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.plan is not None)
    fake_graph.state.add_existing("creative", ACCOUNT.removeprefix("act_"),
                                  (f"Old creative {i} [dc-{i:06x} creative-1]" for i in range(300)))
    # The creative is made, but its answer never arrives: only a lookup can tell.
    fake_graph.inject("drop", path="adcreatives", method="POST", after_processing=True)
    paste_token(qtbot, dlg, token)
    run(qtbot, dlg)
    qtbot.waitUntil(lambda: not dlg.running and "published" in dlg.log_view.toPlainText())
    assert any("Read the whole list" in text for text in asked)
    assert "stopped:" in dlg.log_view.toPlainText() and dlg.lookup_limit == 0
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 301, "ad": 1}  # no duplicate
    dlg.cancel_event.set()


def test_a_publish_running_elsewhere_is_named_and_nothing_is_sent(qtbot, dialog, fake_graph, token, demo_project):
    from dcstudio.core.platforms.meta.publish.lock import PublishLock

    paste_token(qtbot, dialog, token)
    with PublishLock(demo_project.folder, "cli"):  # as `dcstudio publish` holds it
        run(qtbot, dialog)
        log = dialog.log_view.toPlainText()
        assert "another publish of this project is running" in log and "from the command line" in log
        assert fake_graph.requests_to(".*", "POST") == []
    run(qtbot, dialog)
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def test_publishing_a_finished_publish_again_still_reports_drift_and_review_as_the_cli_does(
        qtbot, dialog, fake_graph, token):
    paste_token(qtbot, dialog, token)
    run(qtbot, dialog)
    creative = next(c for c in dialog.plan["calls"] if c["kind"] == "creative")
    dof = json.loads(json.dumps(creative["params"]["degrees_of_freedom_spec"]))
    features = dof["creative_features_spec"]
    flipped = next(k for k, v in features.items() if v["enroll_status"] == "OPT_OUT")
    features[flipped] = {"enroll_status": "OPT_IN"}
    fake_graph.state.creative_drift = {"degrees_of_freedom_spec": dof}  # Meta switched a feature on since
    fake_graph.state.review = {"effective_status": "DISAPPROVED", "polls_pending": 0, "ad_review_feedback": {
        "global": {"ALCOHOL": "Ads may not promote alcohol"}}}
    dialog.log_view.clear()
    run(qtbot, dialog)
    log = dialog.log_view.toPlainText()
    assert "already published; journal" in log
    assert f"drift: creative-1: degrees_of_freedom_spec.creative_features_spec.{flipped}" in log
    assert "drift: none" not in log
    assert "review: ad-1 (ad " in log and "DISAPPROVED" in log and "Ads may not promote alcohol" in log
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}


def closed_port_url() -> str:
    """A URL on this machine where nothing listens: the connection is refused, as offline."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("where", ["closed port", "stopped server"])
def test_an_unreachable_graph_api_is_not_a_bad_token_and_the_token_stays(qtbot, demo_project, token, memory_keyring,
                                                                         where):
    import time

    from tests.fake_graph import FakeGraph

    if where == "closed port":
        url = closed_port_url()
    else:
        server = FakeGraph(token).start()
        url = server.url
        server.stop()
    dlg = PublishDialog(demo_project, api_base=url)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None)
    dlg.token_edit.setText(token)
    started = time.monotonic()
    dlg.check_button.click()
    qtbot.waitUntil(lambda: "checking" not in dlg.token_status.text())
    status = dlg.token_status.text()
    assert "cannot reach the Graph API (offline?)" in status and "not accepted" not in status
    assert time.monotonic() - started < 12  # retries of a refused connection, not a 30 s hang
    assert dlg.token_edit.text() == token  # kept, to check again once online
    assert dlg.credentials is None and memory_keyring.entries == {}
    assert token not in status + dlg.log_view.toPlainText()
    assert dlg.check_button.text() == "Check"


def test_a_token_check_can_be_cancelled_and_keeps_the_token(qtbot, dialog, fake_graph, token, memory_keyring):
    fake_graph.inject("silent", path="^me$")  # the request arrives, no answer ever comes
    dialog.token_edit.setText(token)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: bool(fake_graph.requests_to("^me$")))
    assert dialog.check_button.text() == "Cancel" and dialog.token_edit.isReadOnly()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: "cancelled" in dialog.token_status.text())
    assert dialog.token_edit.text() == token and not dialog.token_edit.isReadOnly()
    assert dialog.credentials is None and memory_keyring.entries == {}
    assert dialog.check_button.text() == "Check"


def test_the_dialog_opens_in_dry_run_and_the_summary_follows_the_mode(qtbot, dialog):
    from dcstudio.core.platforms.meta.publish.review import mode_line

    assert dialog.mode() == "dry_run"
    assert dialog.summary_label.text().startswith(mode_line("dry_run"))
    for mode in ("publish", "validate_only", "dry_run"):
        dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(mode))
        assert dialog.summary_label.text().startswith(mode_line(mode)), mode
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("publish"))
    assert "DRY RUN" not in dialog.summary_label.text()


def test_enter_on_the_confirmation_cancels(qtbot, demo_project, memory_keyring):
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    dlg = PublishDialog(demo_project)
    qtbot.addWidget(dlg)
    seen = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_enter)
            return
        seen["default"] = box.defaultButton().text() if box.defaultButton() else None
        qtbot.keyClick(box, "\r")
        # a box that Enter does not close would hang the run: close it, and the test fails below
        # (the box is usually gone by then: a timer must not reach into a deleted object)
        def close_if_stuck():
            if shiboken6.isValid(box) and box.isVisible():
                seen.update(stuck=True)
                box.done(QMessageBox.No)

        QTimer.singleShot(1000, close_if_stuck)

    QTimer.singleShot(20, press_enter)
    assert dlg.confirm("Send these 9 calls to act_5150?") is False
    assert seen["default"] == "Cancel" and "stuck" not in seen


def test_the_ad_account_is_remembered_per_project_folder(qtbot, demo_project, memory_keyring, tmp_path):
    from dcstudio.core.model.project_folder import load_project
    from dcstudio.qt.settings import UiSettings

    settings = UiSettings.at(tmp_path / "ui.ini")

    def open_dialog(project):
        dlg = PublishDialog(project, settings=settings)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.plan is not None)
        return dlg

    first = open_dialog(demo_project)
    assert first.account_edit.text() == ""
    first.account_edit.setText("act_777")
    first.account_edit.setText("act_778x")  # not an account id: the last good one stays remembered
    first.reject()
    settings.sync()
    again = open_dialog(load_project(demo_project.folder))
    assert again.account_edit.text() == "act_777"
    assert again.mode() == "dry_run"  # the account is remembered, never the choice to publish
    other = tmp_path / "other"
    import shutil

    shutil.copytree(demo_project.folder, other)
    assert open_dialog(load_project(other)).account_edit.text() == ""
    project_file = (demo_project.folder / "dcstudio.json").read_text()
    assert "act_777" not in project_file  # a user's setting, never in the project
    assert "act_777" in (tmp_path / "ui.ini").read_text()


def test_a_plaintext_keyring_is_refused_in_the_dialog_and_the_token_kept_in_memory(
        qtbot, demo_project, fake_graph, token, tmp_path, monkeypatch):
    import base64

    import keyring
    import keyrings.alt.file

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    monkeypatch.delenv("DCSTUDIO_ACCESS_TOKEN", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(keyrings.alt.file.PlaintextKeyring())
    try:
        dlg = PublishDialog(demo_project, api_base=fake_graph.url)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: "keeps secrets in a file on disk" in dlg.token_status.text())
        assert "DCSTUDIO_ACCESS_TOKEN" in dlg.token_status.text()
        assert not dlg.remember_box.isEnabled() and not dlg.remember_box.isChecked()
        paste_token(qtbot, dlg, token)
        assert "kept for this session only" in dlg.token_status.text()
    finally:
        keyring.set_keyring(previous)
    shapes = (token.encode(), base64.b64encode(token.encode()))
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert not any(shape in path.read_bytes() for shape in shapes), path


def test_the_run_button_names_the_mode_and_enter_in_a_field_starts_nothing(qtbot, dialog, fake_graph, token):
    from PySide6.QtCore import Qt

    assert dialog.publish_button.text() == "Dry run"
    paste_token(qtbot, dialog, token)
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("publish"))
    assert dialog.publish_button.text() == "Publish…"
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("validate_only"))
    assert dialog.publish_button.text() == "Validate…"
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("publish"))
    dialog.account_edit.setText(ACCOUNT)
    assert dialog.publish_button.isEnabled()
    dialog.account_edit.setFocus()
    qtbot.keyClick(dialog.account_edit, Qt.Key_Return)
    qtbot.wait(200)
    assert not dialog.running and fake_graph.requests_to(".*", "POST") == []
    assert dialog.isVisible()  # Enter did not accept (close) the dialog either
