"""The publish session against the fake Graph API: the one order of steps the command line and
the window both run, its events and its outcome."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.project import ExportSettings
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.publisher import PublishFailed
from dcstudio.core.platforms.meta.publish.session import (
    PublishOptions,
    PublishSession,
    TokenNotAccepted,
    api_version_for,
)
from dcstudio.core.platforms.meta.publish.tokens import Credentials
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.fixtures import random_token
from tests.fake_graph.server import FakeGraph

ACCOUNT = "act_31337"
OBJECTS = ("campaign", "adset", "creative", "ad")


def counts(server):
    return {k: server.count(k) for k in OBJECTS}


class Run:
    """One session with recording callbacks."""

    def __init__(self, server, token, project, plan=None, *, answer=True, lint_answer=False, **options):
        self.events, self.asked, self.lint_asked, self.tokens_given = [], [], [], 0
        self.answer, self.lint_answer = answer, lint_answer
        self.session = PublishSession(plan or build_plan(project), account=ACCOUNT, project=project,
                                      credentials=lambda: self._credentials(token),
                                      options=PublishOptions(api_base=server.url, **options),
                                      on_event=self.events.append, confirm=self._confirm,
                                      allow_lint_errors=self._allow_lint)

    def _credentials(self, token):
        self.tokens_given += 1
        return Credentials(token, source="session")

    def _confirm(self, changes):
        self.asked.append(changes)
        return self.answer

    def _allow_lint(self, errors):
        self.lint_asked.append(errors)
        return self.lint_answer

    def run(self):
        self.outcome = self.session.run()
        return self.outcome

    def steps(self) -> list[str]:
        """The steps in the order they came, each once in a row."""
        out = []
        for event in self.events:
            if event.step not in ("progress", "notice") and (not out or out[-1] != event.step):
                out.append(event.step)
        return out

    def lines(self, step: str) -> list[str]:
        return [e.message for e in self.events if e.step == step]


def drift_on_the_server(server, plan):
    """Meta switched one Advantage+ feature on after the publish."""
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")
    dof = json.loads(json.dumps(creative["params"]["degrees_of_freedom_spec"]))
    features = dof["creative_features_spec"]
    flipped = next(k for k, v in features.items() if v["enroll_status"] == "OPT_OUT")
    features[flipped] = {"enroll_status": "OPT_IN"}
    server.state.creative_drift = {"degrees_of_freedom_spec": dof}
    return flipped


def test_a_fresh_publish_runs_every_step_in_order(fake_graph, token, demo_project):
    run = Run(fake_graph, token, demo_project)
    outcome = run.run()
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert run.steps() == ["change_set", "token", "call", "published", "created", "images", "drift", "review", "usage"]
    assert outcome.status == "published" and outcome.exit_status == 0
    assert len(run.asked) == 1 and run.asked[0].calls == 9 and run.asked[0].account == ACCOUNT
    assert run.lint_asked == []  # the demo project is clean
    ended = [e for e in run.events if e.step == "call" and not e.busy]
    assert [e.number for e in ended] == list(range(1, 10)) and all(e.total == 9 for e in ended)
    assert run.lines("drift") == ["drift: none (the creatives read back as sent)"]
    assert len(run.lines("review")) == 1 and run.lines("review")[0].startswith("review: ad-1 (ad ")
    assert outcome.usage is not None and run.lines("usage") == [outcome.usage.describe()]
    assert run.lines("token") == [f"token …{token[-4:]} (session) works: Test User"]
    assert all(token not in e.message for e in run.events)


def test_a_dry_run_sends_nothing_and_asks_for_nothing(fake_graph, token, demo_project):
    run = Run(fake_graph, token, demo_project, mode="dry_run")
    outcome = run.run()
    assert fake_graph.log == [] and run.tokens_given == 0 and run.asked == []
    assert outcome.status == "dry_run" and outcome.exit_status == 0
    assert [e.state for e in run.events if e.step == "call"] == ["planned (not sent)"] * 9
    assert run.lines("dry_run") == ["dry run: nothing was sent"]
    assert run.events[0].step == "change_set" and run.events[0].data.mode == "dry_run"


def test_a_rerun_of_a_finished_publish_still_checks_drift_and_review(fake_graph, token, demo_project):
    plan = build_plan(demo_project)
    assert Run(fake_graph, token, demo_project, plan).run().exit_status == 0
    flipped = drift_on_the_server(fake_graph, plan)
    fake_graph.state.review = {"effective_status": "DISAPPROVED", "polls_pending": 0, "ad_review_feedback": {
        "global": {"ALCOHOL": "Ads may not promote alcohol"}}}
    posts = len(fake_graph.requests_to(".*", "POST"))
    reads_before = len(fake_graph.requests_to(".*", "GET"))
    rerun = Run(fake_graph, token, demo_project, plan)
    outcome = rerun.run()
    assert len(fake_graph.requests_to(".*", "POST")) == posts  # nothing sent again
    assert outcome.status == "already_published" and outcome.result.already_done
    assert any(flipped in d.describe() for d in outcome.drift)
    assert outcome.reviews and outcome.reviews[0].effective_status == "DISAPPROVED"
    assert any("whole ad" in r for r in outcome.reviews[0].rejections)
    assert outcome.exit_status == 1
    assert rerun.steps() == ["change_set", "token", "published", "created", "drift", "review", "usage"]
    assert any("published to act_31337 already" in m for m in rerun.lines("notice"))
    assert rerun.lines("published")[0].startswith(f"already published to {ACCOUNT} (journal ")
    assert rerun.lines("drift")[-1] == f"drift: {len(outcome.drift)} difference(s)"
    creative_id, ad_id = (outcome.result.results[c]["id"] for c in ("creative-1", "ad-1"))
    reads = [r["path"] for r in fake_graph.log[reads_before:] if r["method"] == "GET"]
    assert creative_id in reads and ad_id in reads


def test_lint_errors_are_asked_about_and_a_no_sends_nothing(fake_graph, token, demo_project):
    demo_project.update_campaign(objective="REACH")  # not a dynamic-creative objective: a lint error
    run = Run(fake_graph, token, demo_project, lint_answer=False)
    outcome = run.run()
    assert outcome.status == "refused" and outcome.exit_status == 1
    assert run.lint_asked and run.lint_asked[0] == outcome.lint_errors and run.asked == []
    assert fake_graph.log == [] and run.tokens_given == 0
    forced = Run(fake_graph, token, demo_project, force=True)
    forced.run()
    assert forced.lint_asked == [] and forced.asked  # --force: the gate is skipped, the confirmation is not


def test_not_confirmed_sends_nothing(fake_graph, token, demo_project):
    run = Run(fake_graph, token, demo_project, answer=False, mode="validate_only")
    outcome = run.run()
    assert outcome.status == "not_confirmed" and outcome.exit_status == 2
    assert fake_graph.log == [] and run.tokens_given == 0
    assert run.lines("confirm") == ["not confirmed: nothing was sent"]


def test_a_refused_call_is_an_outcome_that_stops_the_session(fake_graph, token, demo_project):
    fake_graph.inject("validation", path="adcreatives", user_msg="Headline rejected",
                      blame=[["asset_feed_spec", "titles", 1, "text"]])
    run = Run(fake_graph, token, demo_project)
    outcome = run.run()
    assert outcome.status == "stopped" and outcome.exit_status == 1 and isinstance(outcome.stopped, PublishFailed)
    assert run.steps()[-1] == "stopped" and "Headline rejected" in run.lines("stopped")[0]
    assert "drift" not in run.steps()


def test_a_token_get_me_refuses_stops_before_anything_is_sent(fake_graph, token, demo_project):
    other = random_token()
    run = Run(fake_graph, other, demo_project)
    with pytest.raises(TokenNotAccepted) as info:
        run.run()
    assert info.value.credentials.token == other and other not in str(info.value)
    assert fake_graph.requests_to(".*", "POST") == []


def test_the_client_speaks_the_plans_version_else_the_projects_never_a_default(token, demo_project):
    demo_project.set_export_settings(ExportSettings(api_version="v24.0"))
    plan = build_plan(demo_project)
    del plan["api_version"]  # a hand-made plan may leave it out
    assert api_version_for(plan, demo_project) == "v24.0"
    assert api_version_for({**plan, "api_version": "v23.0"}, demo_project) == "v23.0"
    assert api_version_for(plan, demo_project, "v22.0") == "v22.0"
    with FakeGraph(token, version="v24.0") as server:  # it answers v24.0 only
        outcome = Run(server, token, demo_project, plan).run()
        assert outcome.status == "published" and counts(server)["ad"] == 1
