"""Pages of a long list that never count the whole list.

Django's Paginator counts every matching row to say "page 3 of 560"; on a network with years of meetings or
thousands of pledge signatures that count costs more than the page itself. A LookaheadPage reads one row more
than it shows, which is enough to know whether there is a next page. `_pager.html` shows "Page 3" for these
pages and "Page 3 of 560" for a Paginator's.
"""

from django.core.paginator import Paginator


class _NoCount:
    num_pages = None  # unknown, on purpose
    count = None


class LookaheadPage:
    paginator = _NoCount()

    def __init__(self, rows, number, per_page):
        self.number = number
        self.object_list = list(rows[:per_page])
        self._has_next = len(rows) > per_page
        self._per_page = per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __bool__(self):
        return bool(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self._per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self._per_page + len(self.object_list)


MAX_PAGE = 10_000  # further than anyone pages by hand; stops an absurd OFFSET


def page_number(value):
    """The page asked for in the address: a whole number from 1, anything else means the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def lookahead_page(queryset, number, per_page):
    """Page `number` (from the address, any text) of an ordered queryset, in one query and without a count.
    A page past the end shows the last rows there are, like Paginator.get_page does."""
    number = page_number(number)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    if not rows and number > 1:
        # Past the end (an old link): go back to the first page rather than show an empty one.
        return LookaheadPage(list(queryset[: per_page + 1]), 1, per_page)
    return LookaheadPage(rows, number, per_page)


class KnownCountPaginator(Paginator):
    """A Paginator given the count it would otherwise ask the database for (a cached figure)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
