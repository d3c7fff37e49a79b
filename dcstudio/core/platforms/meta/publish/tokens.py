"""Access tokens and app secrets: in the operating system keyring, one per profile, never on disk.

A profile names an app or business ("default", "agency-x"); the keyring entry is service
``dcstudio``, username ``<profile>:access_token`` (and ``<profile>:app_secret``).
``DCSTUDIO_ACCESS_TOKEN`` (and ``DCSTUDIO_APP_SECRET``) override the keyring, for pipelines.
Without a keyring backend we say what to install and never fall back to a plaintext file; the
caller may then keep a token for this session only (``Credentials`` in memory).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass

import keyring
import keyring.errors

from dcstudio.core.platforms.meta.publish.graph_errors import mask, register_secret
from dcstudio.core.values.errors import BadInputError, DcError

SERVICE = "dcstudio"
DEFAULT_PROFILE = "default"
ENV_TOKEN = "DCSTUDIO_ACCESS_TOKEN"
ENV_APP_SECRET = "DCSTUDIO_APP_SECRET"
_PROFILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

NO_BACKEND_HELP = (
    "no keyring backend is available, so a token cannot be stored safely on this system. "
    "Install and unlock a Secret Service provider (gnome-keyring or KeePassXC, with the "
    "'secretstorage' Python package) or KWallet; on macOS and Windows the system keychain works "
    "out of the box. Meanwhile set DCSTUDIO_ACCESS_TOKEN for this session only "
    "(dcstudio never writes a token to a plain file)."
)


class NoKeyringError(DcError):
    """No usable keyring backend (a headless Linux box, a locked keyring)."""

    def __init__(self, detail: str = ""):
        super().__init__(NO_BACKEND_HELP + (f" ({detail})" if detail else ""))


class TokenMissingError(DcError):
    def __init__(self, profile: str):
        self.profile = profile
        super().__init__(f"no access token for profile {profile!r}: set one with "
                         f"`dcstudio token set --profile {profile}` (reads it from stdin) or in the "
                         f"publish dialog, or set {ENV_TOKEN}")


def check_profile(profile: str) -> str:
    if not _PROFILE_RE.match(profile or ""):
        raise BadInputError(f"--profile {profile!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    return profile


def clean_token(raw: str, what: str = "access token") -> str:
    token = (raw or "").strip()
    if not token:
        raise BadInputError(f"the {what} is empty")
    if any(ch.isspace() for ch in token) or not token.isprintable():
        raise BadInputError(f"the {what} holds spaces or control characters: paste it on one line")
    return token


@dataclass(frozen=True)
class Credentials:
    """A token (and optional app secret) in memory. Its repr shows the last 4 characters only."""

    token: str
    app_secret: str = ""
    source: str = "keyring"  # keyring, environment or session

    def __post_init__(self):
        register_secret(self.token)
        register_secret(self.app_secret)
        if self.app_secret:
            register_secret(self.appsecret_proof())

    def appsecret_proof(self) -> str:
        """hex HMAC-SHA256 of the token keyed by the app secret (what the SDK sends)."""
        if not self.app_secret:
            return ""
        return hmac.new(self.app_secret.encode(), self.token.encode(), hashlib.sha256).hexdigest()

    @property
    def masked(self) -> str:
        return mask(self.token)

    def __repr__(self) -> str:
        return (f"Credentials(token={self.masked}, app_secret={'set' if self.app_secret else 'none'}, "
                f"source={self.source})")

    __str__ = __repr__


def backend_available() -> bool:
    kr = keyring.get_keyring()
    name = f"{type(kr).__module__}.{type(kr).__name__}"
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return False
    backends = getattr(kr, "backends", None)  # the chainer: usable only if it chains something
    return backends is None or bool(backends)


def _require_backend() -> None:
    if not backend_available():
        raise NoKeyringError()


def _user(profile: str, kind: str) -> str:
    return f"{check_profile(profile)}:{kind}"


def _get(profile: str, kind: str) -> str:
    _require_backend()
    try:
        return keyring.get_password(SERVICE, _user(profile, kind)) or ""
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def store_token(profile: str, token: str) -> None:
    token = clean_token(token)
    _require_backend()
    try:
        keyring.set_password(SERVICE, _user(profile, "access_token"), token)
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def store_app_secret(profile: str, secret: str) -> None:
    secret = clean_token(secret, "app secret")
    _require_backend()
    try:
        keyring.set_password(SERVICE, _user(profile, "app_secret"), secret)
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def delete_token(profile: str, *, app_secret_too: bool = True) -> list[str]:
    """Deletes the profile's token (and app secret). Returns what was deleted."""
    _require_backend()
    kinds = ["access_token"] + (["app_secret"] if app_secret_too else [])
    deleted = []
    for kind in kinds:
        try:
            keyring.delete_password(SERVICE, _user(profile, kind))
            deleted.append(kind)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise NoKeyringError(type(exc).__name__) from None
    return deleted


def delete_app_secret(profile: str) -> bool:
    _require_backend()
    try:
        keyring.delete_password(SERVICE, _user(profile, "app_secret"))
        return True
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def load_credentials(profile: str = DEFAULT_PROFILE, *, environ=None) -> Credentials:
    """The token to use: the environment variable first, else the keyring.

    Raises TokenMissingError when neither has one, NoKeyringError when there is no backend
    and no environment variable.
    """
    env = os.environ if environ is None else environ
    check_profile(profile)
    env_token = env.get(ENV_TOKEN, "").strip()
    if env_token:
        secret = env.get(ENV_APP_SECRET, "").strip()
        if not secret and backend_available():
            secret = _get(profile, "app_secret")
        return Credentials(clean_token(env_token), secret, "environment")
    token = _get(profile, "access_token")
    if not token:
        raise TokenMissingError(profile)
    return Credentials(token, env.get(ENV_APP_SECRET, "").strip() or _get(profile, "app_secret"), "keyring")


def session_credentials(token: str, app_secret: str = "") -> Credentials:
    """A token kept in memory for this session only (no keyring backend, or by choice)."""
    return Credentials(clean_token(token), app_secret.strip(), "session")
