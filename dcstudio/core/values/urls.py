"""The rule for the http(s) URLs the studio itself fetches (a feed's source, the Graph API base),
and how a message shows such a URL. Each caller words its own messages and adds its own rules
(the Graph API base takes no query; a feed URL may have one)."""
from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit


def shown_url(url: str | SplitResult) -> str:
    """The URL as a message may show it: scheme, host, port and path. A user name, password,
    query or fragment may hold a secret (``?access_token=...``, a feed's key)."""
    parts = urlsplit(url) if isinstance(url, str) else url
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a number, or out of range
        port = ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost: this machine (the tests' servers)."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def scheme_problem(parts: SplitResult) -> str | None:
    """"not-http" (another scheme, or no host), "plain-http" (http to another machine: only
    https leaves this machine), None when the scheme and host may be fetched."""
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "not-http"
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return "plain-http"
    return None
