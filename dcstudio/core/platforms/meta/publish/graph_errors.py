"""Graph API errors, typed by what the user (or the retry loop) can do about them.

The error body is ``{"error": {"message", "type", "code", "error_subcode", "is_transient",
"error_user_title", "error_user_msg", "error_data", "fbtrace_id"}}``; we branch on codes, never
on message text. Every message passes through ``scrub`` so a token can never ride along.
"""
from __future__ import annotations

import json
import threading
from urllib.parse import quote, quote_plus

from dcstudio.core.values.errors import DcError

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
AUTH_CODES = frozenset({102, 190, 463, 467})
TRANSIENT_CODES = frozenset({1, 2})

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Values that ``scrub`` removes from any text: tokens, app secrets and proofs."""
    if value and len(value) >= 8:
        with _secrets_lock:
            # and as a query string carries it (urllib3 logs GET URLs): an app token's "|" is %7C there
            _secrets.update({value, quote_plus(value), quote(value, safe="")})


def scrub(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text


def mask(secret: str) -> str:
    """What the screen may show of a secret: its last four characters."""
    return f"…{secret[-4:]}" if secret and len(secret) > 4 else "…"


class GraphError(DcError):
    """A call the Graph API refused or could not answer."""

    retryable = False
    error_data: dict | None = None  # the error's error_data object (a video upload's offsets), when given

    def __init__(self, message: str, *, code: int | None = None, subcode: int | None = None,
                 http_status: int | None = None, error_type: str = "", user_title: str = "",
                 user_msg: str = "", fbtrace_id: str = "", blamed_fields: list | None = None,
                 usage=None, retry_after: float | None = None):
        self.code = code
        self.subcode = subcode
        self.http_status = http_status
        self.error_type = error_type
        self.user_title = scrub(user_title or "")
        self.user_msg = scrub(user_msg or "")
        self.fbtrace_id = fbtrace_id
        self.blamed_fields = blamed_fields or []
        self.usage = usage
        self.retry_after = retry_after  # seconds the server asked us to wait, if it said
        self.raw_message = scrub(message)
        super().__init__(scrub(self._describe()))

    @property
    def text(self) -> str:
        """What went wrong, without the codes: a message that wraps this error quotes this and
        passes the codes on, so they are shown once."""
        if self.user_title and self.user_msg:
            return f"{self.user_title}: {self.user_msg}"
        return self.user_msg or self.raw_message

    def _describe(self) -> str:
        text = self.text
        ids = []
        if self.code is not None:
            ids.append(f"code {self.code}" + (f"/{self.subcode}" if self.subcode else ""))
        if self.http_status:
            ids.append(f"HTTP {self.http_status}")
        if self.fbtrace_id:
            ids.append(f"fbtrace_id {self.fbtrace_id}")
        return f"{text} ({', '.join(ids)})" if ids else text


class AuthError(GraphError):
    """The token is missing, invalid, expired or revoked: set a new one."""


class GraphPermissionError(GraphError):
    """The token works but lacks a permission or access to the account, page or pixel."""


class ValidationError(GraphError):
    """The server rejected a value; ``blamed_fields`` holds the field paths it named."""


class RateLimitError(GraphError):
    """A rate limit code, or HTTP 429 (which a proxy may send without a Graph body)."""

    retryable = True


class TransientError(GraphError):
    """A temporary failure on Meta's side (is_transient, codes 1/2, HTTP 5xx)."""

    retryable = True


class NetworkError(TransientError):
    """No answer: a refused or dropped connection, a timeout, or a 2xx answer whose body cannot
    be read (a proxy's page, a cut-off body). The request may or may not have been carried out,
    so a create is checked for before it is sent again."""


class RetryLimitError(GraphError):
    """Retries were spent, or waiting longer would pass the cap the user set. ``last_error``:
    the failure of the last attempt."""

    last_error: GraphError | None = None


UNREACHABLE = "cannot reach the Graph API (offline?)"


class GraphUnreachable(GraphError):
    """No answer came back at all (offline, the connection refused, a name that does not
    resolve, a timeout): says nothing about the token or the request."""


def is_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` means the Graph API could not be reached, as opposed to an answer."""
    last = exc.last_error if isinstance(exc, RetryLimitError) else exc
    return isinstance(last, GraphUnreachable) or (isinstance(last, NetworkError) and last.http_status is None)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _blamed_fields(error_data) -> list[list]:
    if isinstance(error_data, str):  # error_data often arrives JSON-encoded as a string
        try:
            error_data = json.loads(error_data)
        except ValueError:
            return []
    if not isinstance(error_data, dict):
        return []
    specs = error_data.get("blame_field_specs") or []
    out = []
    for spec in specs if isinstance(specs, list) else []:
        if isinstance(spec, list):
            out.append(spec)
        elif isinstance(spec, str):
            out.append([spec])
    return out


def error_from_body(http_status: int, body, usage=None, retry_after: float | None = None) -> GraphError:
    """The typed error for an HTTP answer carrying a Graph error (or no readable body)."""
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        if http_status == 429:
            cls, text = RateLimitError, "too many requests: the server asks to slow down"
        else:
            cls = TransientError if http_status >= 500 else GraphError
            text = "the server answered without a Graph error body"
        return cls(text, http_status=http_status, usage=usage, retry_after=retry_after)
    code, subcode = _as_int(err.get("code")), _as_int(err.get("error_subcode"))
    kwargs = dict(code=code, subcode=subcode, http_status=http_status, error_type=str(err.get("type") or ""),
                  user_title=str(err.get("error_user_title") or ""), user_msg=str(err.get("error_user_msg") or ""),
                  fbtrace_id=str(err.get("fbtrace_id") or ""), usage=usage, retry_after=retry_after,
                  blamed_fields=_blamed_fields(err.get("error_data")))
    message = str(err.get("message") or "unknown Graph API error")
    error = _typed(message, code, http_status, err, kwargs)
    error.error_data = _data(err.get("error_data"))
    return error


def _data(error_data) -> dict | None:
    if isinstance(error_data, str):  # often JSON-encoded as a string
        try:
            error_data = json.loads(error_data)
        except ValueError:
            return None
    return error_data if isinstance(error_data, dict) else None


def _typed(message: str, code, http_status: int, err: dict, kwargs: dict) -> GraphError:
    if code in RATE_LIMIT_CODES or http_status == 429:
        cls = RateLimitError
    elif code in AUTH_CODES:
        cls = AuthError
    elif code == 10 or (code is not None and 200 <= code <= 299):
        cls = GraphPermissionError
    elif err.get("is_transient") or code in TRANSIENT_CODES or http_status >= 500:
        cls = TransientError
    else:
        cls = ValidationError
    return cls(message, **kwargs)
