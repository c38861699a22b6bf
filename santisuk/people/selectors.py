"""Reads of the person index. Every search and every read of a record is a sensitive read: it
is logged with the reason given, the query and the number of results (rule 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from santisuk.audit.services import access_record
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.normalise import (
    has_khmer,
    identifier_number,
    khmer_key,
    latin_tokens,
)
from santisuk.people.services import MIN_REASON_LENGTH

# Sections other apps add to a person's page, as dotted names of functions
# ``(person, user) -> (template, context) or None``: the cases they are part of, say. The person
# index knows nothing of those apps; each registers its section when it is ready.
PERSON_SECTIONS: list[str] = []

# A Latin name token matches a word of the name when it starts it, or when it is a close
# romanisation of it (SOPHEA / SOPHEAK, CHANDARA / CHANDA): similarity at least this, 0-100.
FUZZY_THRESHOLD = 80
PREFIX_SCORE = 95.0
# Candidates read from the database for fuzzy ranking; a search that needs more is too broad.
CANDIDATE_LIMIT = 5000
RESULT_LIMIT = 500
# Candidates for a fuzzy match share this many first letters with the typed word.
FUZZY_PREFIX = 3


@dataclass(frozen=True)
class SearchQuery:
    name: str = ""
    identifier: str = ""
    birth_year: int | None = None

    def as_log(self) -> dict:
        return {
            key: value
            for key, value in (
                ("name", self.name),
                ("identifier", self.identifier),
                ("birth_year", self.birth_year),
            )
            if value not in ("", None)
        }


def persons_named(name: str) -> Any:
    """People whose name holds every word of ``name``: a Latin word starts a word of the Latin
    name, a Khmer one appears in the Khmer name (spaces and zero-width characters ignored), as
    ``person_search`` narrows its candidates. A query, not yet read; nobody for no word."""
    queryset = Person.objects.all()
    khmer, tokens = khmer_words(name), latin_tokens(name)
    for word in khmer:
        queryset = queryset.filter(search_name_km__contains=word)
    for token in tokens:
        queryset = queryset.filter(search_name__contains=f" {token}")
    return queryset if khmer or tokens else Person.objects.none()


def persons_matching(text: str) -> Any:
    """People with this ID card number (spaces and dashes ignored; anything with a digit is
    read as a number) or else this name (``persons_named``). A query, not yet read."""
    number = identifier_number(text)
    if any(ch.isdigit() for ch in number):
        return Person.objects.filter(identifiers__number=number)
    return persons_named(text)


def khmer_words(name: str) -> list[str]:
    """The Khmer words of a search, each in the stored Khmer search form."""
    words = (khmer_key("".join(ch for ch in word if has_khmer(ch))) for word in name.split())
    return [word for word in words if word]


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Give a reason of at least %(n)d characters for this search.")
                % {"n": MIN_REASON_LENGTH}
            }
        )
    return reason


def _word_score(token: str, words: list[str]) -> float:
    """100 for the exact word, 95 for the start of a word, else the closest spelling."""
    best = 0.0
    for word in words:
        if word == token:
            return 100.0
        score = PREFIX_SCORE if word.startswith(token) else fuzz.ratio(token, word)
        best = max(best, score)
    return best


def _rank(people: list[Person], tokens: list[str]) -> list[tuple[float, Person]]:
    ranked = []
    for person in people:
        words = person.search_name.split()
        scores = [_word_score(token, words) for token in tokens]
        if min(scores) >= FUZZY_THRESHOLD:
            ranked.append((sum(scores) / len(scores), person))
    ranked.sort(key=lambda pair: (-pair[0], pair[1].family_name, pair[1].given_name, pair[1].pk))
    return ranked


def person_search(
    *,
    user: Any,
    name: str | None = None,
    identifier: str | None = None,
    birth_year: int | None = None,
    reason: str,
    limit: int = RESULT_LIMIT,
    log_extra: dict | None = None,
) -> list[Person]:
    """Active people the user may see, matching every criterion given, best name match first.

    ``name`` is in Latin letters, Khmer script or both: Latin words match the start of a word of
    the name or a close romanisation of it; Khmer text matches anywhere in the Khmer name,
    ignoring spaces and zero-width characters. ``identifier`` is an exact document number
    (spaces and dashes ignored). The search is logged, reason and result count included.
    """
    reason = _check_reason(reason)
    query = SearchQuery(
        name=(name or "").strip(),
        identifier=(identifier or "").strip(),
        birth_year=birth_year,
    )
    if not (query.name or query.identifier or query.birth_year):
        raise ValidationError(
            _("Give a name, a document number or a year of birth to search the person index.")
        )
    queryset = Person.objects.restrict(user, "view").filter(is_active=True)
    if query.identifier:
        number = identifier_number(query.identifier)
        queryset = queryset.filter(
            pk__in=PersonIdentifier.objects.filter(number=number).values("person_id")
        )
    if query.birth_year:
        queryset = queryset.filter(birth_year=query.birth_year)
    tokens: list[str] = []
    if query.name:
        # Khmer words may come in any order; each must appear in the Khmer name.
        for khmer in khmer_words(query.name):
            queryset = queryset.filter(search_name_km__contains=khmer)
        tokens = latin_tokens(query.name)
        for token in tokens:
            # Narrow in the database to words sharing the first letters; rank in Python.
            queryset = queryset.filter(search_name__contains=f" {token[:FUZZY_PREFIX]}")
    queryset = queryset.select_related("birth_place").prefetch_related(
        Prefetch("identifiers", queryset=PersonIdentifier.objects.order_by("kind", "number"))
    )
    if tokens:
        candidates = list(queryset.order_by("pk")[:CANDIDATE_LIMIT])
        results = [person for _score, person in _rank(candidates, tokens)][:limit]
    else:
        results = list(queryset.order_by("family_name", "given_name", "pk")[:limit])
    access_record(
        action="person.search",
        actor=user,
        query={**query.as_log(), **(log_extra or {})},
        reason=reason,
        result_count=len(results),
    )
    return results


def person_get(*, user: Any, pk: Any, reason: str = "", action: str = "view") -> Person:
    """One record the user may see (404 otherwise, like a missing one); the read is logged."""
    try:
        person = (
            Person.objects.restrict(user, action)
            .select_related("birth_place", "merged_into")
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access_record(action="person.view", actor=user, obj=person, reason=(reason or "").strip())
    return person


def person_merges(*, person: Person, user: Any):
    from santisuk.people.models import PersonMerge

    return (
        PersonMerge.objects.restrict(user, "view")
        .filter(Q(source=person) | Q(target=person))
        .select_related("source", "target", "proposed_by", "approved_by", "reversed_by")
    )


def person_sections(person: Person, user: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections registered in ``PERSON_SECTIONS`` that have something to show."""
    sections = (import_string(name)(person, user) for name in PERSON_SECTIONS)
    return [section for section in sections if section is not None]
