"""Pages, a Page's Instagram accounts and its lead forms, looked up by name against the fake
Graph API (a real HTTP server): paging, progress, cancel, offline and refusals."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from dcstudio.core.platforms.meta.publish import accounts
from dcstudio.core.platforms.meta.publish.accounts import Named
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.platforms.meta.publish.graph_errors import GraphPermissionError, GraphUnreachable
from dcstudio.core.platforms.meta.publish.tokens import session_credentials
from dcstudio.core.values.errors import BadInputError, Cancelled
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.pages import split_fields

PAGE = "104857600012345"


@pytest.fixture
def client(fake_graph, token):
    c = GraphClient.for_lookup(session_credentials(token), api_base=fake_graph.url)
    yield c
    c.close()


def add_brand_page(server):
    server.pages.add_page(
        PAGE, "Acme Shoes",
        business_account={"id": "17841400000000001", "username": "acme.shoes"},
        instagram=[{"id": "17841400000000001", "username": "acme.shoes"},  # the linked one again
                   {"id": "17841400000000002", "username": "acme.outlet"}],
        forms=[{"id": "900000000000001", "name": "Spring leads"},
               {"id": "900000000000002", "name": "Old contest", "status": "ARCHIVED"},
               {"id": "900000000000003", "name": "Newsletter  \n sign-up"}])


def test_pages_are_read_through_every_page_of_the_list(fake_graph, client):
    for i in range(230):
        fake_graph.pages.add_page(str(200000000000000 + i), f"Page {i:03d}")
    fake_graph.pages.max_page_size = 40  # the server sends fewer than asked: the cursor is followed
    seen = []
    pages = accounts.list_pages(client, progress=seen.append)
    assert [p.name for p in pages] == [f"Page {i:03d}" for i in range(230)]
    assert pages[0] == Named("200000000000000", "Page 000")
    assert seen == [40, 80, 120, 160, 200, 230]
    assert len(fake_graph.requests_to("^me/accounts$", "GET")) == 6
    assert fake_graph.requests_to("^me/accounts$")[0]["fields"]["fields"] == "id,name"


def test_a_page_lists_its_linked_business_account_first_and_each_account_once(fake_graph, client):
    add_brand_page(fake_graph)
    found = accounts.list_instagram_accounts(client, PAGE)
    assert found == [Named("17841400000000001", "acme.shoes", "business account"),
                     Named("17841400000000002", "acme.outlet")]
    assert found[0].label == "acme.shoes (business account, id 17841400000000001)"


def test_lead_forms_are_the_active_ones_unless_archived_are_asked_for(fake_graph, client):
    add_brand_page(fake_graph)
    assert accounts.list_lead_forms(client, PAGE) == [Named("900000000000001", "Spring leads"),
                                                      Named("900000000000003", "Newsletter sign-up")]
    every = accounts.list_lead_forms(client, PAGE, include_archived=True)
    assert Named("900000000000002", "Old contest", "ARCHIVED") in every and len(every) == 3


@pytest.mark.parametrize("typed", ["my-page abc", "12", "１２３４５６７", "", "1" * 30])
def test_a_page_id_that_is_not_one_is_refused_before_anything_is_sent(fake_graph, client, typed):
    with pytest.raises(BadInputError, match="page id"):
        accounts.list_lead_forms(client, typed)
    with pytest.raises(BadInputError, match="page id"):
        accounts.list_instagram_accounts(client, typed)
    assert fake_graph.log == []


def test_a_refused_edge_is_the_graph_permission_error(fake_graph, client):
    add_brand_page(fake_graph)
    fake_graph.pages.refused_edges.add((PAGE, "leadgen_forms"))
    with pytest.raises(GraphPermissionError, match="pages_manage_ads"):
        accounts.list_lead_forms(client, PAGE)


def test_cancel_stops_between_pages(fake_graph, client):
    for i in range(300):
        fake_graph.pages.add_page(str(300000000000000 + i), f"Page {i}")
    fake_graph.pages.max_page_size = 50
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        accounts.list_pages(client, progress=lambda n: n >= 100 and cancel.set(), cancel=cancel)
    assert len(fake_graph.requests_to("^me/accounts$")) == 2


def test_cancel_abandons_a_call_under_way(fake_graph, token):
    fake_graph.inject("silent", path="^me/accounts$")  # the request arrives; no answer ever comes
    cancel = threading.Event()
    client = GraphClient.for_lookup(session_credentials(token), api_base=fake_graph.url, cancel=cancel)
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        accounts.list_pages(client, cancel=cancel)
    assert time.monotonic() - started < 3
    client.close()


def test_offline_is_said_as_such(token):
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = GraphClient.for_lookup(session_credentials(token), api_base=f"http://127.0.0.1:{port}", max_wait=5)
    for look_up in (lambda: accounts.list_pages(client), lambda: accounts.list_lead_forms(client, PAGE),
                    lambda: accounts.list_instagram_accounts(client, PAGE)):
        with pytest.raises(GraphUnreachable, match=r"cannot reach the Graph API \(offline\?\)") as err:
            look_up()
        assert token not in str(err.value)


def test_the_fields_asked_for_are_the_sdks(fake_graph, client):
    from facebook_business.adobjects.iguser import IGUser
    from facebook_business.adobjects.leadgenform import LeadgenForm
    from facebook_business.adobjects.page import Page

    add_brand_page(fake_graph)
    accounts.list_pages(client)
    accounts.list_instagram_accounts(client, PAGE)
    accounts.list_lead_forms(client, PAGE)
    declared = {"me/accounts": vars(Page.Field), PAGE: vars(Page.Field),
                f"{PAGE}/instagram_accounts": vars(IGUser.Field), f"{PAGE}/leadgen_forms": vars(LeadgenForm.Field)}
    assert {r["path"] for r in fake_graph.log} == set(declared)
    for request in fake_graph.log:
        for field, subfields in split_fields(request["fields"]["fields"]):
            assert field in declared[request["path"]], (request["path"], field)
            assert all(sub in vars(IGUser.Field) for sub in subfields), (field, subfields)


def test_the_pages_command_lists_pages_then_a_pages_accounts_and_forms(fake_graph, token, memory_keyring, capsys):
    import json

    from dcstudio.cli import main
    from dcstudio.core.platforms.meta.publish.tokens import store_token

    store_token("default", token)
    add_brand_page(fake_graph)
    assert main(["pages", "--api-base", fake_graph.url]) == 0
    assert capsys.readouterr().out == f"Pages: 1\n{PAGE}\tAcme Shoes\n"
    assert main(["pages", "--page", PAGE, "--api-base", fake_graph.url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["instagram_accounts"][0] == {"id": "17841400000000001", "name": "acme.shoes",
                                             "detail": "business account"}
    assert [f["name"] for f in data["lead_forms"]] == ["Spring leads", "Newsletter sign-up"]
    out = capsys.readouterr()
    assert token not in out.out + out.err


@pytest.mark.parametrize("argv", [["pages", "--page", "my-page abc"], ["pages", "--max-wait", "0"],
                                  ["pages", "--profile", "../x"]])
def test_the_pages_command_refuses_bad_input_with_exit_2(fake_graph, memory_keyring, argv, capsys):
    from dcstudio.cli import main

    assert main([*argv, "--api-base", fake_graph.url]) == 2
    assert capsys.readouterr().err.startswith("dcstudio: ")
    assert fake_graph.log == []


def test_the_pages_command_offline_exits_1_saying_so(token, memory_keyring, capsys):
    from dcstudio.cli import main
    from dcstudio.core.platforms.meta.publish.tokens import store_token

    store_token("default", token)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["pages", "--api-base", f"http://127.0.0.1:{port}", "--max-wait", "3"]) == 1
    assert "cannot reach the Graph API (offline?)" in capsys.readouterr().err
