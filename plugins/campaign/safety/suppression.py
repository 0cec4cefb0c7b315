"""Small-count suppression for sensitive fields (SPEC 5.3).

A count between 1 and `min_count - 1` of records sharing a sensitive value is
never published: it shows as "fewer than N". Zero shows the same way, or
"fewer than 2" would give away a 1. When the reader also knows the
sum of a table (a single-valued field such as age group, whose categories,
"not recorded" included, add up to the published number of stories),
hidden cells could be worked back out; then more cells are withheld, smallest
first, until no hidden cell has a single possible value.

`feasible_ranges` is the reader's view: from what is shown, the range each
hidden cell can take. Tests use it to check that nothing can be derived.
"""
from __future__ import annotations

from dataclasses import dataclass

EXACT = "exact"
SMALL = "small"  # shown as "fewer than N" (0 included)
WITHHELD = "withheld"  # hidden so that a small cell cannot be derived


@dataclass(frozen=True)
class Cell:
    key: str
    count: int
    state: str

    @property
    def shown(self) -> int | None:
        return self.count if self.state == EXACT else None


def _bounds(cell: Cell, min_count: int, total: int) -> tuple[int, int]:
    if cell.state == EXACT:
        return cell.count, cell.count
    if cell.state == SMALL:
        return 0, min_count - 1
    return min_count, total  # a withheld cell is known to be at least min_count


def feasible_ranges(cells: list[Cell], min_count: int, total: int | None) -> dict[str, tuple[int, int]]:
    """Range of values each hidden cell can take given what is shown (and the total, if known)."""
    hidden = [c for c in cells if c.state != EXACT]
    if total is None:
        return {c.key: _bounds(c, min_count, 10**9) for c in hidden}
    rest = total - sum(c.count for c in cells if c.state == EXACT)
    bounds = {c.key: _bounds(c, min_count, total) for c in hidden}
    out = {}
    for cell in hidden:
        lo, hi = bounds[cell.key]
        others_lo = sum(b[0] for k, b in bounds.items() if k != cell.key)
        others_hi = sum(b[1] for k, b in bounds.items() if k != cell.key)
        out[cell.key] = (max(lo, rest - others_hi), min(hi, rest - others_lo))
    return out


def derivable(cells: list[Cell], min_count: int, total: int | None) -> bool:
    return any(lo == hi for lo, hi in feasible_ranges(cells, min_count, total).values())


def suppress(counts: dict[str, int], min_count: int = 5, total: int | None = None) -> list[Cell] | None:
    """Cells of a one-way table; `total` when the reader knows what the counts add up to.

    None when no choice of hidden cells keeps every small count underivable:
    then the table must not be published at all.
    """
    cells = [Cell(k, n, SMALL if n < min_count else EXACT) for k, n in counts.items()]
    if total is None or not any(c.state == SMALL for c in cells):
        return cells
    while derivable(cells, min_count, total):
        candidates = sorted((c for c in cells if c.state == EXACT), key=lambda c: (c.count, c.key))
        if not candidates:
            return None
        pick = candidates[0]
        cells = [Cell(c.key, c.count, WITHHELD) if c is pick else c for c in cells]
    return cells
