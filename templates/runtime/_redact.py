"""Masking of credentials in every text a client causes: log records and error messages.

The headers and URLs this package logs itself are redacted by name
(:func:`redact_headers`, :func:`redact_url`).  That is not enough: httpx logs
each request's URL at INFO (``HTTP Request: GET https://user:pass@host/?appid=KEY``),
httpcore logs the response headers at DEBUG, and an error's message quotes the
response body, in which a server may echo the key it was sent.  So every live
client registers the credentials it holds in one process-wide
:class:`SecretRegistry`, and :func:`redact_text` replaces with ``<redacted>``

- every registered credential, in each form it takes on the wire: as given,
  percent-encoded as httpx encodes it in a query or in user info, escaped as a
  Python or JSON string shows it; for basic auth the base64 token of the
  ``Authorization`` header too;
- the password in the user info of any URL (the whole user info when there is
  no password, for a token passed as the user name);
- the value of every query parameter, and of every ``(b'name', b'value')``
  header pair as httpcore logs them, whose name marks a credential
  (:func:`is_sensitive_name`, plus the parameter names of the live clients'
  API key schemes, such as ``appid``).

A client's entry lives as long as the client: the registry keeps no reference
to it and drops the entry once the client is garbage collected.  Clients with
the same key each hold an entry, so the key stays masked while any of them
lives.  Values shorter than :data:`MIN_SECRET_LENGTH` are not masked by value
(masking a three-letter password would mangle every line); they are still
masked where their position shows them (URL user info, credential-named query
parameters and headers).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import weakref
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple
from urllib.parse import quote, quote_plus, unquote_plus

import httpx

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "SecretRegistry",
    "basic_token",
    "is_sensitive_name",
    "mask_exception_chain",
    "named_secrets",
    "redact_headers",
    "redact_text",
    "redact_url",
    "register_secrets",
    "secret_forms",
    "url_secrets",
]

REDACTED: Final = "<redacted>"
"""What is shown in place of a credential."""

MIN_SECRET_LENGTH: Final = 4
"""Registered values (and their encoded forms) shorter than this are not masked by value."""

# Header and query parameter names that carry credentials.  Matching is by
# substring, so "X-Api-Key", "x-auth-token" and "Proxy-Authorization" all match.
_SENSITIVE_NAME: Final = re.compile(
    r"auth|api[-_]?key|key$|token|secret|passw|cookie|session|credential|signature",
    re.IGNORECASE,
)
# Names that match the pattern above but carry no secret and help when debugging.
_NOT_SENSITIVE: Final = frozenset({"idempotency-key", "idempotency_key", "x-idempotency-key"})

# scheme://user:password@ (or scheme://user@) in any text.
_USERINFO: Final = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^\s/?#@:'\"<>]*)(?::(?P<password>[^\s/?#@'\"]*))?@"
)
# ?name=value or &name=value, the value ending where a URL in a message ends.
_QUERY_PAIR: Final = re.compile(r"(?P<lead>[?&])(?P<name>[^\s=&#?'\"<>]+)=(?P<value>[^\s&#'\"<>]*)")
# A header as httpcore's debug records show it: (b'Set-Cookie', b'sid=...').
_HEADER_PAIR: Final = re.compile(
    r"\(b(?P<q1>['\"])(?P<name>[^'\"]+)(?P=q1), b(?P<q2>['\"])(?P<value>.*?)(?P=q2)\)"
)


def is_sensitive_name(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a header or query parameter called ``name`` may carry a credential.

    ``extra`` lists further names to treat as sensitive (compared without case),
    such as the parameter names of the API's security schemes.
    """
    lowered = name.lower()
    if any(lowered == other.lower() for other in extra):
        return True
    return lowered not in _NOT_SENSITIVE and _SENSITIVE_NAME.search(lowered) is not None


def redact_headers(
    headers: Mapping[str, str] | httpx.Headers, extra: Iterable[str] = ()
) -> dict[str, str]:
    """Return a copy of ``headers`` with every credential replaced by ``<redacted>``."""
    names = tuple(extra)
    return {
        name: REDACTED if is_sensitive_name(name, names) else value
        for name, value in headers.items()
    }


def redact_url(url: httpx.URL | str, extra: Iterable[str] = ()) -> str:
    """Return ``url`` as text with credentials in the query and user info redacted."""
    return _redact_positions(str(httpx.URL(url)), frozenset(name.lower() for name in extra))


def redact_text(text: str) -> str:
    """``text`` with every credential of the live clients, and every credential by position, masked."""
    masks = _REGISTRY.masks()
    text = _redact_positions(text, masks.names)
    return text if masks.values is None else masks.values.sub(REDACTED, text)


def _redact_positions(text: str, names: frozenset[str]) -> str:
    """Mask what its place in ``text`` shows to be a credential, whatever its value."""

    def sensitive(name: str) -> bool:
        return name.lower() in names or is_sensitive_name(name)

    def userinfo(match: re.Match[str]) -> str:
        if match["password"] is None:
            return f"{match['scheme']}{REDACTED}@"
        return f"{match['scheme']}{match['user']}:{REDACTED}@"

    def query_pair(match: re.Match[str]) -> str:
        if not sensitive(unquote_plus(match["name"])):
            return match[0]
        return f"{match['lead']}{match['name']}={REDACTED}"

    def header_pair(match: re.Match[str]) -> str:
        if not sensitive(match["name"]):
            return match[0]
        return f"(b{match['q1']}{match['name']}{match['q1']}, b'{REDACTED}')"

    if "@" in text:
        text = _USERINFO.sub(userinfo, text)
    if "=" in text:
        text = _QUERY_PAIR.sub(query_pair, text)
    if "(b" in text:
        text = _HEADER_PAIR.sub(header_pair, text)
    return text


def secret_forms(value: str) -> set[str]:
    """``value`` and the encoded forms in which it may appear in a log line or a message.

    A value with surrounding white space (a key read from a file with its line
    end) is masked both with and without it, so the key alone is masked too.
    """
    forms: set[str] = set()
    for text in {value, value.strip()}:
        escaped = repr(text)[1:-1]
        forms |= {
            text,
            escaped,
            repr(escaped)[1:-1],
            json.dumps(text)[1:-1],
        }  # repr(): of an error quoting it
        try:
            escaped_bytes = repr(text.encode())[2:-1]  # as httpcore shows header values
            forms |= {
                escaped_bytes,
                repr(escaped_bytes)[1:-1],
                quote(text, safe=""),
                quote_plus(text),
                str(httpx.QueryParams({"k": text}))[2:],  # as httpx encodes a query value
                httpx.URL("http://h/")
                .copy_with(password=text)
                .userinfo.decode("ascii")[1:],  # as user info
            }
        except UnicodeEncodeError:  # a lone surrogate: no request can carry it, in any encoding
            pass
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


def basic_token(username: str, password: str) -> str:
    """The base64 token of a basic ``Authorization`` header."""
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def url_secrets(url: httpx.URL) -> list[str]:
    """The credentials in a URL's user info: the password (else the user name) and the basic token httpx sends."""
    if not url.userinfo:
        return []
    if not url.password:
        return [url.username]
    return [url.password, basic_token(url.username, url.password)]


def named_secrets(values: Mapping[str, object], names: Iterable[str] = ()) -> list[str]:
    """The text values of ``values`` (headers or query parameters) whose name marks a credential.

    A header value with a scheme (``Bearer abc``) gives the token alone too.
    """
    extra = tuple(names)
    found: list[str] = []
    for name, value in values.items():
        if isinstance(value, str) and value and is_sensitive_name(name, extra):
            found.append(value)
            found.extend(value.split(None, 1)[1:])
    return found


def mask_exception_chain(error: BaseException) -> None:
    """Mask credentials in the messages of ``error`` and of the errors that caused it.

    Only errors whose arguments are one message string are rewritten, so that
    tracebacks of a re-raised httpx or httpcore error show no key either.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if len(current.args) == 1 and isinstance(current.args[0], str):
            masked = redact_text(current.args[0])
            if masked != current.args[0]:
                current.args = (masked,)
        current = current.__cause__ or current.__context__


class _Masks(NamedTuple):
    values: re.Pattern[str] | None
    """Matches any registered value; ``None`` when none is."""
    names: frozenset[str]
    """Registered parameter names, in lower case."""


class SecretRegistry:
    """The credentials of the live clients, each entry dropped when its client is collected.

    Values and names are counted, so a value's forms are computed, and the
    pattern rebuilt, only when it first appears or last disappears, not for
    every client (or ``with_options`` copy) that holds a value already known.
    Collection may happen on any thread at any moment, so the finalizer only
    queues the entry; it is removed under the lock at the next registration
    or look-up.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._values: Counter[str] = Counter()
        self._forms: dict[str, frozenset[str]] = {}
        self._names: Counter[str] = Counter()
        self._dead: deque[int] = deque()
        self._tokens = itertools.count()
        self._masks = _Masks(None, frozenset())
        self._stale = False

    def register(self, owner: object, values: Iterable[str], names: Iterable[str] = ()) -> None:
        """Mask ``values`` (in all their forms) and query parameters called ``names`` while ``owner`` lives."""
        given = tuple({value for value in values if value})
        lowered = tuple({name.lower() for name in names if name})
        if not given and not lowered:
            return
        token = next(self._tokens)
        weakref.finalize(owner, self._dead.append, token).atexit = False
        with self._lock:
            self._drop_dead()
            self._entries[token] = (given, lowered)
            for value in given:
                if value not in self._forms:
                    self._forms[value] = frozenset(secret_forms(value))
            self._stale |= _count(self._values, given, 1) | _count(self._names, lowered, 1)

    def masks(self) -> _Masks:
        """The current pattern of registered values and set of registered names."""
        if self._stale or self._dead:
            with self._lock:
                self._drop_dead()
                if self._stale:
                    forms = sorted(set().union(*self._forms.values()), key=len, reverse=True)
                    pattern = re.compile("|".join(map(re.escape, forms))) if forms else None
                    self._masks = _Masks(pattern, frozenset(self._names))
                    self._stale = False
        return self._masks

    def _drop_dead(self) -> None:
        while self._dead:
            entry = self._entries.pop(self._dead.popleft(), None)
            if entry is None:
                continue
            given, lowered = entry
            self._stale |= _count(self._values, given, -1) | _count(self._names, lowered, -1)
            for value in given:
                if value not in self._values:
                    del self._forms[value]


def _count(counter: Counter[str], keys: Iterable[str], step: int) -> bool:
    """Add ``step`` to each key's count (dropping keys at zero); whether a key appeared or disappeared."""
    changed = False
    for key in keys:
        counter[key] += step
        if counter[key] <= 0:
            del counter[key]
            changed = True
        elif counter[key] == 1 and step > 0:
            changed = True
    return changed


_REGISTRY: Final = SecretRegistry()


def register_secrets(owner: object, values: Iterable[str], names: Iterable[str] = ()) -> None:
    """Mask ``values`` and query parameters called ``names`` in every text, while ``owner`` lives."""
    _REGISTRY.register(owner, values, names)
