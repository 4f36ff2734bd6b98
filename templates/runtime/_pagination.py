"""Auto-pagination: pages that are the decoded response and walk the pages after them.

The generator decides which operations paginate and how (a cursor, or a page
number) from the shape of the spec.  For each such operation it emits a page
class in ``pages.py`` that subclasses the response model and one of the mixins
here, so a page keeps every field of the response, typed, and adds:

* ``for item in page`` (``async for`` on the async client): every item of this
  page and of the pages after it, each next page fetched only when needed;
* :meth:`SyncPage.has_next_page`, :meth:`SyncPage.next_page` (``None`` at the
  end), :meth:`SyncPage.get_next_page` (raises at the end) and
  :meth:`SyncPage.iter_pages`.

A walk always ends: a next cursor or page number that this walk already
requested, a page that repeats the previous page's items, or more than
``max_pages`` pages stop it (and log a warning).

The async client's paginated methods return an :class:`AsyncPaginator`:
``await`` it for the first page, or ``async for`` over it for every item.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Sequence,
)
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar

from ._logs import logger
from ._types import Unset

if TYPE_CHECKING:
    import typing_extensions

__all__ = [
    "DEFAULT_MAX_PAGES",
    "AsyncPage",
    "AsyncPaginator",
    "SyncPage",
    "items_of",
    "next_cursor",
    "next_page_number",
]

ItemT = TypeVar("ItemT")
ValueT = TypeVar("ValueT", str, int)
PageT = TypeVar("PageT", bound="AsyncPage[Any, Any]")

DEFAULT_MAX_PAGES: Final = 10_000
"""The most pages one walk fetches unless a page class or a call says otherwise."""

Path = tuple[str, ...]
"""Attribute names leading from the response model to a value: ``("pagination", "next_cursor")``."""


# --- reading the response ------------------------------------------------------------


def dig(value: object, path: Path) -> object:
    """The attribute at ``path``, or ``None`` when a step is missing, unset or null."""
    for name in path:
        if value is None or isinstance(value, Unset):
            return None
        value = getattr(value, name, None)
    return None if isinstance(value, Unset) else value


def items_of(value: Sequence[ItemT] | Unset | None) -> Sequence[ItemT]:
    """The items of a page: an absent or null list is an empty one."""
    return () if value is None or isinstance(value, Unset) else value


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def next_cursor(page: object, cursor: Path, *, has_more: Path = ()) -> str | None:
    """The cursor of the next page, or ``None`` when the response says there is none.

    An empty or absent cursor ends the walk, and so does ``has_more`` when the
    response carries it and it is false.
    """
    if has_more and dig(page, has_more) is False:
        return None
    value = dig(page, cursor)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value else None


def next_page_number(
    page: object,
    requested: object,
    *,
    count: int,
    first: int = 1,
    current: Path = (),
    total_pages: Path = (),
    has_more: Path = (),
) -> int | None:
    """The number of the next page, or ``None`` after the last one.

    The current page is the one the response names (``current``), else the one
    requested, else ``first``.  An empty page is the last; so is the page whose
    number reaches ``total_pages``, or one whose ``has_more`` is false.
    """
    if count == 0:
        return None
    number = _as_int(dig(page, current)) if current else None
    if number is None:
        number = _as_int(requested)
    if number is None:
        number = first
    if has_more and dig(page, has_more) is False:
        return None
    total = _as_int(dig(page, total_pages)) if total_pages else None
    if total is not None and number >= total + first - 1:
        return None
    return number + 1


# --- the page mixins ------------------------------------------------------------------


class _PageState:
    """Where a page sits in its walk: what was requested so far, and how many pages."""

    __slots__ = ("index", "max_pages", "previous_items", "requested", "seen")

    def __init__(
        self,
        requested: object,
        *,
        seen: frozenset[str] = frozenset(),
        index: int = 0,
        max_pages: int = DEFAULT_MAX_PAGES,
        previous_items: Sequence[object] | None = None,
    ) -> None:
        self.requested = None if isinstance(requested, Unset) else requested
        # Cursors and page numbers are compared as text: page 2 and "2" are one request.
        self.seen = seen if self.requested is None else seen | {str(self.requested)}
        self.index = index
        self.max_pages = max_pages
        self.previous_items = previous_items


class _PageBase(Generic[ItemT, ValueT]):
    """What the sync and async pages share: the hooks the generated class fills in, and the guard.

    No ``__slots__``: a page keeps its place in the walk in its ``__dict__``,
    beside the slots of the response model it extends.
    """

    max_pages: ClassVar[int] = DEFAULT_MAX_PAGES
    """The most pages one walk fetches; set it on a page class to change every walk of it."""

    _page_state: _PageState
    _page_fetch: Callable[[ValueT], Any]
    """Makes the same call for another cursor or page number, returning that page (set when the page is decoded)."""

    def _page_items(self) -> Sequence[ItemT]:
        """The items of this page (the generated page class says which field holds them)."""
        raise NotImplementedError

    def _next_value(self) -> ValueT | None:
        """The cursor or page number of the next page according to the response."""
        raise NotImplementedError

    def _state(self) -> _PageState | None:
        # A page copied with attrs.evolve() or built with from_dict() has no state: it is a last page.
        return getattr(self, "_page_state", None)

    def _next_request(self) -> ValueT | None:
        state = self._state()
        if state is None:
            return None
        value = self._next_value()
        if value is None:
            return None
        name = type(self).__name__
        if str(value) in state.seen:
            logger.warning(
                "%s: the server sent %r again; stopping after page %d", name, value, state.index + 1
            )
            return None
        items = self._page_items()
        if items and state.previous_items is not None and list(items) == list(state.previous_items):
            logger.warning("%s: page %d repeats the previous page; stopping", name, state.index + 1)
            return None
        if state.index + 1 >= state.max_pages:
            logger.warning("%s: stopping after %d pages (max_pages)", name, state.max_pages)
            return None
        return value

    def _child_state(self, value: ValueT) -> _PageState:
        state = self._state()
        assert state is not None
        return _PageState(
            value,
            seen=state.seen,
            index=state.index + 1,
            max_pages=state.max_pages,
            previous_items=list(self._page_items()),
        )

    def has_next_page(self) -> bool:
        """Whether the response points to a next page (and the walk may fetch it)."""
        return self._next_request() is not None


class SyncPage(_PageBase[ItemT, ValueT]):
    """Mixin of the generated sync page classes (see the module's docs)."""

    @classmethod
    def decoder(
        cls,
        fetch: Callable[[ValueT], typing_extensions.Self],
        requested: object,
        *,
        max_pages: int | None = None,
    ) -> Callable[[Any], typing_extensions.Self]:
        """The ``cast`` of a first page: decode, then remember how to ask for the next one."""
        return _decoder(cls, fetch, _PageState(requested, max_pages=max_pages or cls.max_pages))

    def next_page(self) -> typing_extensions.Self | None:
        """Fetch the next page; ``None`` after the last one."""
        value = self._next_request()
        if value is None:
            return None
        page: typing_extensions.Self = self._page_fetch(value)
        page._page_state = self._child_state(value)
        return page

    def get_next_page(self) -> typing_extensions.Self:
        """Fetch the next page.

        Raises:
            RuntimeError: there is none (check :meth:`has_next_page` first).
        """
        page = self.next_page()
        if page is None:
            raise RuntimeError("there is no next page; check has_next_page() first")
        return page

    def iter_pages(self) -> Iterator[typing_extensions.Self]:
        """This page, then each next page, fetched as the loop reaches it."""
        page: typing_extensions.Self | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page._page_items()


class AsyncPage(_PageBase[ItemT, ValueT]):
    """Mixin of the generated async page classes: the same as :class:`SyncPage`, awaited."""

    @classmethod
    def decoder(
        cls,
        fetch: Callable[[ValueT], Awaitable[typing_extensions.Self]],
        requested: object,
        *,
        max_pages: int | None = None,
    ) -> Callable[[Any], typing_extensions.Self]:
        """The ``cast`` of a first page: decode, then remember how to ask for the next one."""
        return _decoder(cls, fetch, _PageState(requested, max_pages=max_pages or cls.max_pages))

    async def next_page(self) -> typing_extensions.Self | None:
        """Fetch the next page; ``None`` after the last one."""
        value = self._next_request()
        if value is None:
            return None
        page: typing_extensions.Self = await self._page_fetch(value)
        page._page_state = self._child_state(value)
        return page

    async def get_next_page(self) -> typing_extensions.Self:
        """Fetch the next page.

        Raises:
            RuntimeError: there is none (check :meth:`has_next_page` first).
        """
        page = await self.next_page()
        if page is None:
            raise RuntimeError("there is no next page; check has_next_page() first")
        return page

    async def iter_pages(self) -> AsyncIterator[typing_extensions.Self]:
        """This page, then each next page, fetched as the loop reaches it."""
        page: typing_extensions.Self | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page._page_items():
                yield item


_P = TypeVar("_P", bound=_PageBase[Any, Any])


def _decoder(cls: type[_P], fetch: Callable[[Any], Any], state: _PageState) -> Callable[[Any], _P]:
    def decode(data: Any) -> _P:
        page = getattr(cls, "from_dict")(data)  # noqa: B009  # every page class is also a model
        if not isinstance(page, cls):
            raise TypeError(f"{cls.__name__}.from_dict returned {type(page).__name__}")
        page._page_fetch = fetch
        page._page_state = state
        return page

    return decode


class AsyncPaginator(Generic[PageT, ItemT]):
    """What a paginated method of the async client returns.

    ``await`` it for the first page (the response model, with the page
    methods), or ``async for item in ...`` over it for every item of every
    page.  Nothing is sent until one of the two happens; each ``await`` sends
    the first request again.
    """

    __slots__ = ("_request",)

    def __init__(self, request: Callable[[], Awaitable[PageT]]) -> None:
        self._request = request

    def __await__(self) -> Generator[Any, None, PageT]:
        return self._request().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self._request()
        async for item in page:
            yield item

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
