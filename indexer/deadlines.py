"""Deadlines as written ("Q3 2021/22", "Quarter 2, 2018-19", "by June 2022", "the June 2022
meeting") and the ISO date that ends their period.

Quarters are UK financial-year quarters: Q1 is April-June of the year the financial year
starts, so Q3 2021/22 ends on 2021-12-31 and Q4 2021/22 on 2022-03-31.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_YEAR = r"(?:19|20)\d{2}"
_FY = rf"(?P<fy>{_YEAR})\s?[/-]\s?(?P<fy_end>\d{{2}}(?:\d{{2}})?)"
_QUARTER = (rf"(?:Q|Quarter\s?)(?P<q>[1-4])(?:\s?(?:and|&|-)\s?(?:Q|Quarter\s?)?(?P<q_last>[1-4]))?"
            rf"(?:,|\s+of)?\s{_FY}")
_DATE = rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<d_month>{_MONTH})\.?,?\s(?P<d_year>{_YEAR})"
_NUMERIC_DATE = r"(?P<n_day>\d{1,2})/(?P<n_month>\d{1,2})/(?P<n_year>(?:19|20)\d{2})"
_MEETING = rf"(?P<m_month>{_MONTH})\s(?P<m_year>{_YEAR})\s(?:meeting|Committee\smeeting)"
_MONTH_YEAR = rf"(?P<month>{_MONTH})\.?,?\s(?P<year>{_YEAR})"
_SEASON = rf"(?P<season>Spring|Summer|Autumn|Winter)\s(?P<s_year>{_YEAR})"
_FY_ONLY = rf"(?:(?:financial\s)?year\s)?(?P<fy_only>{_YEAR})\s?[/-]\s?(?P<fy_only_end>\d{{2}}(?:\d{{2}})?)"
_BARE_YEAR = rf"(?P<bare_year>{_YEAR})"
_EXPRESSION = (rf"(?:{_QUARTER}|{_MEETING}|{_DATE}|{_NUMERIC_DATE}|{_MONTH_YEAR}|{_SEASON}|"
               rf"{_FY_ONLY}|{_BARE_YEAR})")
_OPEN_ENDED = r"(?:\s(?:and\s)?(?:onwards|ongoing|beyond))?"
_PREFIX = r"(?:(?:by|before|until|no\slater\sthan|in|during|from|end\sof|by\sthe\send\sof)\s(?:the\s)?)?"

# A whole table cell: "Q3 2021/22", "Q4 2021/22 and onwards", "2022/23", "March 2022".
_CELL_RE = re.compile(rf"^{_PREFIX}{_EXPRESSION}{_OPEN_ENDED}\.?$", re.IGNORECASE)
# Inside running text a deadline needs a preposition, or is a quarter or a named meeting.
_INLINE_RES = (
    re.compile(rf"\b(?:by|before|until|no\slater\sthan|by\sthe\send\sof|in|during)\s(?:the\s)?"
               rf"(?:(?:end|start)\sof\s)?{_EXPRESSION}\b", re.IGNORECASE),
    re.compile(rf"\b{_QUARTER}\b", re.IGNORECASE),
    re.compile(rf"\b(?:the\s)?{_MEETING}", re.IGNORECASE),
)
_PAST_RE = re.compile(r"\b(?:published|launched|began|begun|started|since|introduced|held|made|agreed|"
                      r"received|dated|from)\s*$", re.IGNORECASE)
_UNDATED_CELLS = frozenset({"ongoing", "tbc", "tba", "complete", "completed", "continuous", "annual"})
_SEASON_END = {"spring": (5, None), "summer": (8, None), "autumn": (11, None), "winter": (2, 1)}


@dataclass(frozen=True)
class Due:
    """A deadline as written, with the end of its period (None when it names no date)."""

    text: str  # as written, whitespace collapsed: "Q4 2021/22 and onwards"
    due: str | None  # ISO date: "2022-03-31"
    label: str | None  # the normalised period: "Q4 2021/22"
    start: int = 0  # where it was found in the searched text
    end: int = 0


def parse_deadline(cell: str) -> Due | None:
    """A table cell that is nothing but a deadline ("Q3 2021/22", "Ongoing"); None otherwise."""
    text = " ".join(cell.split())
    if text.lower().rstrip(".") in _UNDATED_CELLS:
        return Due(text=text, due=None, label=None, end=len(cell))
    match = _CELL_RE.match(text)
    if match is None:
        return None
    due, label = _normalise(match)
    return Due(text=text, due=due, label=label, end=len(cell)) if due else None


def find_deadline(text: str) -> Due | None:
    """The first deadline phrase in running text ("by June 2022", "the June 2022 meeting")."""
    matches = sorted((m for pattern in _INLINE_RES for m in pattern.finditer(text)),
                     key=lambda m: (m.start(), -m.end()))
    for match in matches:
        if _PAST_RE.search(text[max(0, match.start() - 20):match.start()]):
            continue  # "published in June 2018" dates an event, it sets no deadline
        due, label = _normalise(match)
        if due is None or (match.groupdict().get("bare_year") and not _plausible_year_phrase(match.group(0))):
            continue
        written = " ".join(match.group(0).split())
        if written.lower().startswith("the "):
            written = written[4:]
        return Due(text=written, due=due, label=label, start=match.start(), end=match.end())
    return None


def quarter_end(quarter: int, fy_start: int) -> date:
    """The last day of a UK financial-year quarter (Q1 = April-June of fy_start)."""
    month = {1: 6, 2: 9, 3: 12, 4: 3}[quarter]
    year = fy_start + 1 if quarter == 4 else fy_start
    return date(year, month, calendar.monthrange(year, month)[1])


def fy_label(fy_start: int) -> str:
    """'2021/22' for the financial year starting in April 2021."""
    return f"{fy_start}/{(fy_start + 1) % 100:02d}"


def _normalise(match: re.Match[str]) -> tuple[str | None, str | None]:
    groups = match.groupdict()
    if groups.get("q"):
        quarter = int(groups["q_last"] or groups["q"])
        fy = int(groups["fy"])  # "2021/21" (sic) is read by its first year
        return quarter_end(quarter, fy).isoformat(), f"Q{quarter} {fy_label(fy)}"
    if groups.get("m_month"):
        end = _month_end(groups["m_month"], groups["m_year"])
        return end, f"{_month_name(groups['m_month'])} {groups['m_year']} meeting"
    if groups.get("d_month"):
        return _day(int(groups["d_year"]), _MONTHS[groups["d_month"].lower()], int(groups["day"]))
    if groups.get("n_month"):
        return _day(int(groups["n_year"]), int(groups["n_month"]), int(groups["n_day"]))
    if groups.get("month"):
        return _month_end(groups["month"], groups["year"]), f"{_month_name(groups['month'])} {groups['year']}"
    if groups.get("season"):
        month, offset = _SEASON_END[groups["season"].lower()]
        year = int(groups["s_year"]) + (offset or 0)
        end = date(year, month, calendar.monthrange(year, month)[1])
        return end.isoformat(), f"{groups['season'].capitalize()} {groups['s_year']}"
    if groups.get("fy_only"):
        fy = int(groups["fy_only"])
        end_digits = groups["fy_only_end"]
        if int(end_digits[-2:]) != (fy + 1) % 100:
            return None, None  # "2016-2020" is a span of years, not a financial year
        return date(fy + 1, 3, 31).isoformat(), fy_label(fy)
    if groups.get("bare_year"):
        return f"{groups['bare_year']}-12-31", groups["bare_year"]
    return None, None


def _plausible_year_phrase(phrase: str) -> bool:
    """'by 2025' or 'in 2022' is a deadline; a year with no preposition is not."""
    return bool(re.match(r"(?i)(?:by|before|until|no later than|in|during)\b", phrase))


def _month_end(month: str, year: str) -> str:
    number, year_number = _MONTHS[month.lower().rstrip(".")], int(year)
    return date(year_number, number, calendar.monthrange(year_number, number)[1]).isoformat()


def _month_name(month: str) -> str:
    return calendar.month_name[_MONTHS[month.lower().rstrip(".")]]


def _day(year: int, month: int, day: int) -> tuple[str | None, str | None]:
    try:
        value = date(year, month, day)
    except ValueError:
        return None, None
    return value.isoformat(), f"{value.day} {calendar.month_name[value.month]} {value.year}"
