"""In which languages each page of a list is written, and where its pager leads.

A list (a type's index, a term page, a city's or a country's list) holds the same
records in every language; only the interface around them and the words of their
facts change. In a language that none of its records is written in, its pages
after the first would be the default language's pages again with other words
around the same English or Russian texts: at 10,000 stories without a Ukrainian
or Georgian record, a fifth of the site (issue 21). There, the list's first page
is written (in that language: its interface, filters, counts and newest
records), and its pager leads on to the default language's pages, marked as in
that language. In the default language, and in every language at least one of
the list's records is in, every page is written.
"""
from __future__ import annotations


def written_in(published, key: tuple, records) -> frozenset:
    """The languages all pages of the list `key` are written in, once per build; `records()` gives
    the list's records."""
    settings = published.settings

    def find() -> frozenset:
        present = {lang for record in records() for lang in record.versions}
        return frozenset(lang for lang in settings.languages if lang == settings.default_language or lang in present)

    return published.memo(("written-in", *key), find)


def pager(count: int, path_of, ctx, written: frozenset) -> list[dict]:
    """The pager's pages 1..count: number, site path and, for a page in another language, its code
    and that language's name in this one. `path_of(n)` is page n's language-neutral path."""
    own = ctx.lang in written
    other = None if own else {"lang": ctx.default,
                              "language": ctx.loc.locale.languages.get(ctx.default, ctx.default)}
    pages = []
    for number in range(1, count + 1):
        if number == 1 or own:
            pages.append({"number": number, "path": ctx.path(path_of(number)), "lang": None})
        else:
            pages.append({"number": number, "path": ctx.path_in(path_of(number), ctx.default), **other})
    return pages
