"""Looking places up: by code or code prefix, or by name in Khmer script or Latin letters.

The gazetteer is public reference data, so its look-ups are not entered in the access log:
the place picker queries on every keystroke and would drown the searches that matter.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.translation import get_language

from santisuk.geo.choices import Kind, Level
from santisuk.geo.models import Area
from santisuk.geo.normalise import is_code_query, normalise_code, normalise_name, search_key

# Select enough parents to label a village without further queries.
CHAIN = ("parent__parent__parent",)
RANK_EXACT_CODE, RANK_CODE_PREFIX, RANK_NAME_PREFIX, RANK_NAME_CONTAINS = range(4)

# How a unit is named in a label, by its type (or by its level when the type is unknown).
# These go with the Latin names; Khmer labels put the Khmer type word before the name.
LATIN_FORMATS = {
    Kind.CAPITAL: "{name} Capital",
    Kind.PROVINCE: "{name} Province",
    Kind.KHAN: "Khan {name}",
    Kind.KRONG: "Krong {name}",
    Kind.SROK: "Srok {name}",
    Kind.SANGKAT: "Sangkat {name}",
    Kind.KHUM: "Khum {name}",
    Kind.VILLAGE: "Village {name}",
    Level.PROVINCE: "{name} Province",
    Level.DISTRICT: "District {name}",
    Level.COMMUNE: "Commune {name}",
}
KHMER_WORDS = {
    Kind.CAPITAL: "រាជធានី",
    Kind.PROVINCE: "ខេត្ត",
    Kind.KHAN: "ខណ្ឌ",
    Kind.KRONG: "ក្រុង",
    Kind.SROK: "ស្រុក",
    Kind.SANGKAT: "សង្កាត់",
    Kind.KHUM: "ឃុំ",
    Kind.VILLAGE: "ភូមិ",
    Level.PROVINCE: "ខេត្ត",
    Level.DISTRICT: "ស្រុក",
    Level.COMMUNE: "ឃុំ",
}


def area_current(queryset: QuerySet[Area] | None = None) -> QuerySet[Area]:
    """Units valid today (the current row of each code)."""
    queryset = Area.objects.all() if queryset is None else queryset
    return queryset.filter(valid_to__isnull=True)


def _part(area: Area, khmer: bool) -> str:
    key = area.kind or area.level
    if khmer:
        word = KHMER_WORDS.get(key, "")
        name = area.name_km or area.name_en
        # Khmer names often carry their type word already ("រាជធានីភ្នំពេញ", "ភូមិទី ៣").
        return name if name.startswith(word) else f"{word}{name}"
    name = area.name_en or area.name_km
    before, _, after = LATIN_FORMATS.get(key, "{name}").partition("{name}")
    folded = name.casefold()
    # Nor is a Latin name given its type word twice ("Krong Siem Reap").
    if (before and folded.startswith(before.casefold())) or (
        after and folded.endswith(after.casefold())
    ):
        return name
    return f"{before}{name}{after}"


def area_chain(area: Area) -> list[Area]:
    """The unit and its parents, from the unit up to its province."""
    chain = []
    node: Area | None = area
    while node is not None and len(chain) < 4:
        chain.append(node)
        node = node.parent
    return chain


def area_label(area: Area, language: str | None = None) -> str:
    """'Village X, Commune Y, District Z, W Province' in the language of the page."""
    khmer = (language or get_language() or "").startswith("km")
    return ", ".join(_part(node, khmer) for node in area_chain(area))


def area_by_code(code: object, queryset: QuerySet[Area] | None = None) -> Area | None:
    """The current unit with this code; Khmer digits and spaces are accepted."""
    normalised = normalise_code(code)
    if not is_code_query(normalised):
        return None
    return area_current(queryset).select_related(*CHAIN).filter(code=normalised).first()


def _levels(level: str | Iterable[str] | None) -> list[str]:
    if not level:
        return []
    values = [level] if isinstance(level, str) else list(level)
    return [value for value in values if value in Level.values]


def _within_q(within: Area) -> Q:
    """Everything below ``within`` by the parent links the source gives (codes can disagree
    with them, see the loader's report)."""
    if within.level == Level.PROVINCE:
        return Q(province_id=within.pk) & ~Q(pk=within.pk)
    return (
        Q(parent_id=within.pk)
        | Q(parent__parent_id=within.pk)
        | Q(parent__parent__parent_id=within.pk)
    )


def area_match(queryset: QuerySet[Area], query: str) -> QuerySet[Area]:
    """Filter ``queryset`` to units matching ``query`` and order them best first: exact code,
    code prefix, name prefix, name contains. An empty query matches everything."""
    code = normalise_code(query)
    if not code:
        return queryset
    if is_code_query(code):
        return (
            queryset.filter(code__startswith=code)
            .annotate(
                rank=Case(
                    When(code=code, then=Value(RANK_EXACT_CODE)),
                    default=Value(RANK_CODE_PREFIX),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", Length("code"), "code")
        )
    latin = search_key(query)
    khmer = normalise_name(query)
    contains = Q(name_km__icontains=khmer)
    prefix = Q(name_km__istartswith=khmer)
    # Khmer names often begin with their type word ("រាជធានីភ្នំពេញ", "ភូមិថ្មី"): a match just
    # after it counts as a name prefix.
    for word in set(KHMER_WORDS.values()):
        prefix |= Q(name_km__startswith=word + khmer)
    if latin:
        contains |= Q(search_name__contains=latin)
        prefix |= Q(search_name__startswith=latin)
    return (
        queryset.filter(contains)
        .annotate(
            rank=Case(
                When(prefix, then=Value(RANK_NAME_PREFIX)),
                default=Value(RANK_NAME_CONTAINS),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", Length("code"), "search_name", "code")
    )


def area_search(
    query: str,
    *,
    level: str | Iterable[str] | None = None,
    within: Area | str | None = None,
    limit: int = 20,
    queryset: QuerySet[Area] | None = None,
) -> list[Area]:
    """Current units matching ``query`` (a code or code prefix, or a name in either script),
    best first, each with a ``label`` attribute naming its parent chain.

    ``level`` restricts to one level or several; ``within`` (a unit or its code) to the units
    below it; ``queryset`` (e.g. ``Area.objects.restrict(user)``) to what a user may see.
    """
    base = area_current(queryset).select_related(*CHAIN)
    levels = _levels(level)
    if levels:
        base = base.filter(level__in=levels)
    if within is not None:
        if not isinstance(within, Area):
            within = area_by_code(within)
            if within is None:
                return []
        base = base.filter(_within_q(within))
    if not normalise_code(query):
        return []
    results = list(area_match(base, query)[: max(0, limit)])
    language = get_language()
    for area in results:
        area.label = area_label(area, language)
    return results


def area_counts(queryset: QuerySet[Area] | None = None) -> dict[str, int]:
    """How many current units there are at each level (every level present, zero if none)."""
    counts = dict.fromkeys(Level.values, 0)
    rows = area_current(queryset).order_by().values_list("level").annotate(n=Count("pk"))
    counts.update(dict(rows))
    return counts
