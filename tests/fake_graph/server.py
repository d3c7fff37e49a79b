"""The HTTP side of the fake Graph API: auth, routing, usage headers and fault injection."""
from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.fake_graph.graph_state import ApiError, GraphState
from tests.fake_graph.insights import FakeInsights
from tests.fake_graph.pages import PageDirectory

ACCOUNT_EDGE = re.compile(r"^act_(\d+)/(\w+)$")
OBJECT = re.compile(r"^(\d+)$")
INSIGHTS_EDGE = re.compile(r"^(\d+)/insights$")
ADS_EDGE = re.compile(r"^(\d+)/ads$")
PAGE_EDGE = re.compile(r"^(\d+)/(instagram_accounts|leadgen_forms)$")
CATALOG_EDGE = re.compile(r"^(\d+)/(owned_product_catalogs|product_feeds|uploads|product_sets|errors|samples)$")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that timed out has gone before a slow answer: expected, not an error.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class Fault:
    """One injected failure. kind: rate_limit, server_error, drop, slow, validation, and the
    answers a proxy or a broken link gives: html (a 200 holding a web page), truncated (a 200
    holding the first half of the JSON answer), http_429 and http_503 (no Graph error body,
    ``Retry-After: retry_after``), silent (the request is read, nothing ever comes back) and
    trickle (headers, then the body one byte every ``seconds``).

    ``path`` is a regex on the path after the version (e.g. ``act_\\d+/adsets``); ``times`` how
    many matching requests it hits; ``after_processing`` (drop, slow, silent): the request is
    carried out first and only the answer is lost, as when a connection dies on the way back
    (html, truncated and trickle always carry it out: they spoil the answer).
    """

    kind: str
    path: str = ".*"
    method: str | None = None
    times: int = 1
    code: int = 80004
    regain_minutes: float = 0
    seconds: float = 0.0
    after_processing: bool = False
    body: bool = True
    blame: list = field(default_factory=list)
    subcode: int | None = None
    user_title: str = ""
    user_msg: str = ""
    retry_after: str = ""
    hits: int = 0


class FakeGraph:
    def __init__(self, token: str, *, app_secret: str = "", version: str = "v25.0"):
        self.valid_tokens = {token}
        self.expired_tokens: set[str] = set()
        self.app_secret = app_secret
        self.version = version
        self.state = GraphState()
        self.pages = PageDirectory()  # /me/accounts, a Page's Instagram accounts and lead forms
        self.insights = FakeInsights(self.state)  # the insights edges, async report runs, the throttle header
        self.faults: list[Fault] = []
        self.log: list[dict] = []  # every request: method, path, fields (tokens left out)
        self.seen_secrets: list[str] = []  # what arrived as the token, for the tests to check
        self.urls: list[str] = []  # every request target as received (path and query), for the tests to check
        self.usage_percent = 12
        self.gzip_answers = False  # as graph.facebook.com does when the client accepts it
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self.stopping = threading.Event()  # releases the handlers of silent faults

    # -- lifetime ---------------------------------------------------------------------------
    def start(self) -> FakeGraph:
        self._httpd = _Server(("127.0.0.1", 0), _handler_for(self))
        threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True, name="fake-graph").start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- test controls ----------------------------------------------------------------------
    def inject(self, kind: str, **kw) -> Fault:
        fault = Fault(kind, **kw)
        with self._lock:
            self.faults.append(fault)
        return fault

    def count(self, kind: str) -> int:
        return self.state.count(kind)

    def requests_to(self, pattern: str, method: str | None = None) -> list[dict]:
        return [r for r in self.log if re.search(pattern, r["path"]) and (method is None or r["method"] == method)]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.hits < fault.times and re.search(fault.path, path) and fault.method in (None, method):
                    fault.hits += 1
                    return fault
        return None

    def usage_headers(self, account: str | None, regain_minutes: float = 0, percent: float | None = None) -> dict:
        pct = self.usage_percent if percent is None else percent
        buc = {account or "0": [{"type": "ads_management", "call_count": pct, "total_cputime": pct // 2,
                                 "total_time": pct // 2, "estimated_time_to_regain_access": regain_minutes}]}
        return {"X-Business-Use-Case-Usage": json.dumps(buc),
                "X-App-Usage": json.dumps({"call_count": pct // 3, "total_cputime": 1, "total_time": 1}),
                "X-Ad-Account-Usage": json.dumps({"acc_id_util_pct": pct, "reset_time_duration": 0})}

    # -- one request ------------------------------------------------------------------------
    def check_auth(self, method: str, query: dict, form: dict, authorization: str = "") -> None:
        # Meta takes the token in the query too; this server refuses it there, so every test
        # checks that no URL (which proxies and logs keep) carries it.
        if "access_token" in query:
            raise ApiError(100, "test server: the access token must not travel in the URL")
        scheme, _, bearer = authorization.partition(" ")
        token = bearer.strip() if scheme.lower() == "bearer" else form.get("access_token", "")
        self.seen_secrets.append(token)
        if not token:
            raise ApiError(2500, "An active access token must be used to query information about the current user.")
        if token in self.expired_tokens:
            raise ApiError(190, "Error validating access token: Session has expired.", subcode=463, status=400)
        if token not in self.valid_tokens:
            raise ApiError(190, "Invalid OAuth access token - Cannot parse access token", status=400)
        if self.app_secret:
            proof = (form if method == "POST" else query).get("appsecret_proof", "")
            want = hmac.new(self.app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()
            if not proof:
                raise ApiError(100, "API calls from the server require an appsecret_proof argument")
            if not hmac.compare_digest(proof, want):
                raise ApiError(100, "Invalid appsecret_proof provided in the API argument")

    def route(self, method: str, path: str, query: dict, form: dict, files: dict | None = None) -> dict:
        params = {k: v for k, v in (form if method == "POST" else query).items()
                  if k not in ("access_token", "appsecret_proof")}
        if path == "me":
            return {"id": "10001", "name": "Test User"}
        if path == "me/accounts" and method == "GET":
            return self.pages.accounts(params)
        match = PAGE_EDGE.match(path)
        if match and method == "GET":
            return self.pages.edge(match.group(1), match.group(2), params)
        match = INSIGHTS_EDGE.match(path)
        if match:
            return self.insights.edge(method, match.group(1), params)
        match = ADS_EDGE.match(path)
        if match and method == "GET":
            return self.insights.ads_of(match.group(1), params)
        match = CATALOG_EDGE.match(path)
        if match:
            node, edge = match.groups()
            with self.state.lock:
                if method == "POST":
                    return self.state.catalogs.post(node, edge, self.state.decode(params), files or {})
                return self.state.catalogs.list_edge(node, edge, params)
        match = ACCOUNT_EDGE.match(path)
        if match:
            account, edge = match.groups()
            if method == "POST":
                return self.state.create(edge, account, params, files)
            return self.state.list_edge(edge, account, params)
        match = OBJECT.match(path)
        if match and method == "GET":
            if self.insights.is_run(match.group(1)):
                return self.insights.run_status(match.group(1))
            if self.pages.has(match.group(1)):
                return self.pages.read(match.group(1), params)
            if self.state.catalogs.knows(match.group(1)):
                with self.state.lock:
                    return self.state.catalogs.read(match.group(1), params)
            return self.state.read(match.group(1), params)
        raise ApiError(100, f"Unknown path components: /{path}", error_type="OAuthException")


def _multipart(content_type: str, body: bytes) -> tuple[dict, dict]:
    """Form fields and file fields of a multipart/form-data body."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    form, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = data
        else:
            form[name] = data.decode()
    return form, files


def _handler_for(fake: FakeGraph):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output quiet
            pass

        def do_GET(self):
            self._handle("GET")

        def do_POST(self):
            self._handle("POST")

        def _answer(self, status: int, body: dict | bytes, headers: dict | None = None,
                    content_type: str = "application/json", trickle: float = 0.0):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if fake.gzip_answers and "gzip" in self.headers.get("Accept-Encoding", ""):
                data = gzip.compress(data)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not trickle:
                self.wfile.write(data)
                return
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                if fake.stopping.wait(trickle):
                    return

        def _garbled(self, fault: Fault, status: int, body: dict, account):
            """What a proxy or a cut link hands back in place of the answer."""
            if fault.kind == "html":
                page = b"<html><body><h1>502 Bad Gateway</h1><p>The proxy could not reach the server.</p></body></html>"
                return self._answer(200, page, content_type="text/html")
            data = json.dumps(body).encode()
            return self._answer(status, data[:len(data) // 2], fake.usage_headers(account))

        def _silent(self):
            fake.stopping.wait(60)  # until the server stops: the client must give up on its own
            self._drop()

        def _drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def _handle(self, method: str):
            split = urlsplit(self.path)
            query = dict(parse_qsl(split.query, keep_blank_values=True))
            form, files = {}, {}
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                kind = self.headers.get("Content-Type", "")
                body = self.rfile.read(length)
                if kind.startswith("multipart/form-data"):  # a video chunk, as the SDK sends it
                    form, files = _multipart(kind, body)
                elif length and not kind.startswith("application/x-www-form-urlencoded"):
                    return self._answer(400, {"error": {"message": f"test server: form body expected, got {kind}",
                                                        "code": 100}})
                else:
                    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
            prefix = f"/{fake.version}/"
            if not split.path.startswith(prefix):
                return self._answer(400, {"error": {"message": f"Unknown version in {split.path}", "code": 2635}})
            path = split.path[len(prefix):]
            account = (ACCOUNT_EDGE.match(path) or [None, None])[1]
            fake.urls.append(self.path)
            fake.log.append({"method": method, "path": path,
                             "fields": {k: v for k, v in (form or query).items()
                                        if k not in ("access_token", "appsecret_proof")}})
            fault = fake._take_fault(method, path)
            if fault and fault.kind == "rate_limit":
                return self._answer(400, {"error": {"message": "User request limit reached", "type": "OAuthException",
                                                    "code": fault.code, "error_subcode": 2446079, "is_transient": False,
                                                    "fbtrace_id": "AfakeRL"}},
                                    fake.usage_headers(account, fault.regain_minutes, percent=100))
            if fault and fault.kind == "server_error":
                if not fault.body:
                    return self._answer(500, {})
                return self._answer(500, {"error": {"message": "Service temporarily unavailable", "code": 2,
                                                    "is_transient": True, "type": "OAuthException"}})
            if fault and fault.kind == "validation":
                err = ApiError(100, "Invalid parameter", subcode=fault.subcode, user_title=fault.user_title,
                               user_msg=fault.user_msg, blame=fault.blame)
                return self._answer(err.status, err.body)
            if fault and fault.kind in ("http_429", "http_503"):
                status = int(fault.kind[-3:])
                return self._answer(status, b"<html>Too busy, try later</html>", {"Retry-After": fault.retry_after},
                                    content_type="text/html")
            if fault and fault.kind in ("drop", "slow", "silent") and not fault.after_processing:
                if fault.kind == "drop":
                    return self._drop()
                if fault.kind == "silent":
                    return self._silent()
                time.sleep(fault.seconds)
            try:
                fake.check_auth(method, query, form, self.headers.get("Authorization", ""))
                status, body = 200, fake.route(method, path, query, form, files)
            except ApiError as err:
                status, body = err.status, err.body
            if fault and fault.kind in ("html", "truncated"):
                return self._garbled(fault, status, body, account)
            if fault and fault.kind == "trickle":
                return self._answer(status, body, fake.usage_headers(account), trickle=fault.seconds)
            if fault and fault.after_processing:
                if fault.kind == "slow":
                    time.sleep(fault.seconds)
                if fault.kind == "silent":
                    return self._silent()
                return self._drop()
            extra = fake.insights.headers() if "insights" in path or fake.insights.is_run(path) else {}
            self._answer(status, body, {**fake.usage_headers(account), **extra})

    return Handler
