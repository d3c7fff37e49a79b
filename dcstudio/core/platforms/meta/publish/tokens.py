"""Access tokens and app secrets: in the operating system keyring, one per profile, never on disk.

A profile names an app or business ("default", "agency-x"); the keyring entry is service
``dcstudio``, username ``<profile>:access_token`` (and ``<profile>:app_secret``).
``DCSTUDIO_ACCESS_TOKEN`` (and ``DCSTUDIO_APP_SECRET``) override the keyring, for pipelines.
Without a keyring backend we say what to install and never fall back to a plaintext file; the
caller may then keep a token for this session only (``Credentials`` in memory). A backend that
keeps secrets in a file of its own (keyrings.alt's PlaintextKeyring writes them base64-encoded,
its EncryptedKeyring behind a password typed into the same terminal) counts as no backend: a
token stored there can be read back by anything that reads the user's files.
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


# Backends refused wherever they are found (alone or chained): they store nothing, or store
# secrets in a file readable by whoever reads the user's files. Matched on every class of the
# backend's MRO, so a subclass is refused too.
REFUSED_BACKEND_MODULES = (
    "keyring.backends.fail",  # stores nothing
    "keyring.backends.null",
    "keyrings.alt.file",  # PlaintextKeyring (base64 in an ini file), EncryptedKeyring (a file too)
    "keyrings.alt.file_base",  # every file-backed backend of keyrings.alt (Windows EncryptedKeyring too)
    "keyrings.alt.pyfs",  # the same files through PyFilesystem
    "keyrings.alt.Google",  # a document in the user's Google Docs
    "keyrings.alt.keyczar",  # encrypts for the file backends
    "keyrings.cryptfile",  # CryptFileKeyring: a file encrypted with a typed password
)
_STORES_NOTHING = ("keyring.backends.fail", "keyring.backends.null")


def _refused_module(backend) -> str:
    """The refused module a backend comes from, or ''."""
    for cls in type(backend).__mro__:
        module = cls.__module__ or ""
        for refused in REFUSED_BACKEND_MODULES:
            if module == refused or module.startswith(refused + "."):
                return refused
        if "plaintext" in cls.__name__.lower():
            return module
    return ""


def backend_name(backend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def plaintext_help(name: str) -> str:
    return (f"the keyring backend {name} keeps secrets in a file on disk (plain or base64-encoded text, or "
            "encrypted with a password typed into the same terminal), so dcstudio does not store a token "
            "with it. Use a system keyring (a Secret Service provider such as gnome-keyring or KeePassXC, "
            "or KWallet; on macOS and Windows the system keychain), or set DCSTUDIO_ACCESS_TOKEN in the "
            "environment of the shell or pipeline that runs dcstudio: it is read from there for that "
            "session and never written anywhere (in a shell: read -rs DCSTUDIO_ACCESS_TOKEN; "
            "export DCSTUDIO_ACCESS_TOKEN)")


class NoKeyringError(DcError):
    """No usable keyring backend (a headless Linux box, a locked keyring, or only backends that
    keep secrets in a plain file). ``refused`` names the backend that was refused, if one was."""

    def __init__(self, detail: str = "", *, refused: str = ""):
        self.refused = refused
        text = plaintext_help(refused) if refused else NO_BACKEND_HELP
        super().__init__(text + (f" ({detail})" if detail else ""))


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


def _usable_backends() -> tuple[list, str]:
    """(the backends a secret may go to, in the order keyring would use them; the name of the
    first refused one). A chainer is used only through the backends it chains that are not
    refused, so a locked system keyring never falls through to a plain file."""
    kr = keyring.get_keyring()
    chained = getattr(kr, "backends", None)
    candidates = list(chained) if chained is not None else [kr]
    usable, refused = [], ""
    for backend in candidates:
        module = _refused_module(backend)
        if not module:
            usable.append(backend)
        elif not refused and module not in _STORES_NOTHING:
            refused = backend_name(backend)
    return usable, refused


def backend_available() -> bool:
    return bool(_usable_backends()[0])


def keyring_problem() -> str:
    """Why a token cannot be stored on this system ('' when it can): what the user reads."""
    usable, refused = _usable_backends()
    if usable:
        return ""
    return plaintext_help(refused) if refused else NO_BACKEND_HELP


def _backends() -> list:
    usable, refused = _usable_backends()
    if not usable:
        raise NoKeyringError(refused=refused)
    return usable


def storage_name() -> str:
    """The backend a token is stored with, for the message that says where it went."""
    return backend_name(_backends()[0])


def _get_from(service: str, user: str) -> str:
    for backend in _backends():
        value = backend.get_password(service, user)
        if value is not None:
            return value
    return ""


def _set_in(service: str, user: str, secret: str) -> None:
    for backend in _backends():
        try:
            backend.set_password(service, user, secret)
            return
        except NotImplementedError:  # as keyring's chainer does: the next backend
            continue
    raise NoKeyringError("no backend took the secret")


def _delete_from(service: str, user: str) -> None:
    for backend in _backends():
        try:
            backend.delete_password(service, user)
            return
        except (NotImplementedError, keyring.errors.PasswordDeleteError):
            continue
    raise keyring.errors.PasswordDeleteError(user)


def _user(profile: str, kind: str) -> str:
    return f"{check_profile(profile)}:{kind}"


def _get(profile: str, kind: str) -> str:
    try:
        return _get_from(SERVICE, _user(profile, kind))
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def store_token(profile: str, token: str) -> None:
    token = clean_token(token)
    try:
        _set_in(SERVICE, _user(profile, "access_token"), token)
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def store_app_secret(profile: str, secret: str) -> None:
    secret = clean_token(secret, "app secret")
    try:
        _set_in(SERVICE, _user(profile, "app_secret"), secret)
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(type(exc).__name__) from None


def delete_token(profile: str, *, app_secret_too: bool = True) -> list[str]:
    """Deletes the profile's token (and app secret). Returns what was deleted."""
    _backends()
    kinds = ["access_token"] + (["app_secret"] if app_secret_too else [])
    deleted = []
    for kind in kinds:
        try:
            _delete_from(SERVICE, _user(profile, kind))
            deleted.append(kind)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise NoKeyringError(type(exc).__name__) from None
    return deleted


def delete_app_secret(profile: str) -> bool:
    try:
        _delete_from(SERVICE, _user(profile, "app_secret"))
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
