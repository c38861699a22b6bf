"""What each figure of the statistics means, written once.

The annual review page, its CSV, XLSX and printable HTML forms, the CompStat page and the map all
print these texts, so a figure read anywhere carries the same definition.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ANNUAL_DEFINITIONS = [
    (
        _("Reported"),
        _(
            "Approved cases, not unfounded, reported in the year. A case counts in the province "
            "of its place, once in the totals and by province, and once under each of its crime "
            "types. Fires and traffic crashes recorded as cases count too, under their own types."
        ),
    ),
    (_("Cracked down"), _("Those of the reported cases that are cleared by arrest.")),
    (
        _("Suspects arrested"),
        _(
            "Distinct people arrested in the cases reported in the year; a person arrested "
            "twice counts once."
        ),
    ),
    (
        _("Change"),
        _(
            "Each figure is compared with the year before, as the absolute change and the "
            "percentage change (one decimal; empty when the year before is 0)."
        ),
    ),
    (
        _("Clearance rate"),
        _(
            "Cracked down divided by reported, a fraction rounded to three decimals (empty when "
            "nothing was reported)."
        ),
    ),
]

COMPSTAT_DEFINITIONS = [
    (
        _("Cases"),
        _("Approved cases, not unfounded, by the date they were reported."),
    ),
    (
        _("Periods"),
        _(
            "Week to date runs from Monday to the chosen day; last 28 days ends on the chosen "
            "day; year to date runs from 1 January. Each is compared with the same period a year "
            "before: 52 weeks earlier for the week and the 28 days (so weekdays match), the same "
            "calendar dates for the year to date."
        ),
    ),
    (
        _("Unlikely to be chance"),
        _(
            "Marked when a two-sided exact Poisson test of the two counts (the binomial test of "
            "one count given their sum, weighted by the length of each period) gives p < 0.05."
        ),
    ),
]

MAP_DEFINITIONS = [
    (_("Cases"), _("Approved cases, not unfounded, reported in the chosen period.")),
    (
        _("Commune"),
        _(
            "A case recorded at a village counts in the village's commune; a case recorded only "
            "at a district or province level counts under 'place not precise to a commune'."
        ),
    ),
]


def as_text(definitions) -> list[tuple[str, str]]:
    return [(str(term), str(text)) for term, text in definitions]
