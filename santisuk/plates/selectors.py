"""Sensitive reads of the plates module: searching sightings needs a reason and the alert or
case it serves, and every search is written to the access log with the plate queried."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from santisuk.audit.services import access_record
from santisuk.plates.choices import Outcome, PlateStatus
from santisuk.plates.models import Alert, Plate, Sighting, TaxAssessment
from santisuk.plates.normalise import normalise_plate

SEARCH_LIMIT = 500


def case_exists(*, user: Any, reference: str) -> bool:
    """True when a case with this reference exists in the user's scope (or when the cases
    module is not installed, so the reference cannot be checked)."""
    try:
        case_model = apps.get_model("cases", "Case")
    except LookupError:
        return True
    return case_model.objects.restrict(user, "view").filter(reference=reference).exists()


def sightings_search(
    *,
    user: Any,
    reason: str,
    plate: str = "",
    area: Any = None,
    seen_from: datetime.datetime | None = None,
    seen_to: datetime.datetime | None = None,
    alert_number: str = "",
    case_reference: str = "",
) -> QuerySet[Sighting]:
    if not user.has_perm("plates.view_sighting"):
        raise ValidationError(_("You may not search sightings."))
    errors: dict[str, str] = {}
    alert = None
    if alert_number:
        alert = Alert.objects.restrict(user, "view").filter(number=alert_number).first()
        if alert is None:
            errors["alert_number"] = _("No alert with this number in your scope.")
    if case_reference and not case_exists(user=user, reference=case_reference):
        errors["case_reference"] = _("No case with this reference in your scope.")
    if not (alert_number or case_reference):
        errors["alert_number"] = _("Give the alert number or the case reference.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the search.")
    if errors:
        raise ValidationError(errors)
    normalised = normalise_plate(plate)
    results = Sighting.objects.restrict(user, "view").select_related("venue", "plate", "area")
    if normalised:
        results = results.filter(plate_normalised=normalised)
    if area is not None:
        results = results.filter(area__code__startswith=area.code)
    if seen_from:
        results = results.filter(captured_at__gte=seen_from)
    if seen_to:
        results = results.filter(captured_at__lte=seen_to)
    results = results.order_by("-captured_at")
    count = results.count()
    access_record(
        action="plates.sighting_search",
        actor=user,
        obj=alert,
        query={
            "plate": plate,
            "plate_normalised": normalised,
            "area": area.code if area is not None else "",
            "seen_from": seen_from.isoformat() if seen_from else "",
            "seen_to": seen_to.isoformat() if seen_to else "",
            "alert": alert_number,
            "case": case_reference,
        },
        reason=reason.strip(),
        result_count=count,
    )
    return results[:SEARCH_LIMIT]


def dashboard_figures(*, user: Any) -> dict[str, Any]:
    """What the Ministry's dashboard shows, from what the user may see."""
    alerts = Alert.objects.restrict(user, "view")
    by_province = (
        alerts.values("unit__province__name_en", "rule__code")
        .annotate(n=Count("pk"))
        .order_by("unit__province__name_en", "rule__code")
    )
    outcomes = alerts.exclude(outcome="").values("outcome").annotate(n=Count("pk"))
    assessments = TaxAssessment.objects.restrict(user, "view")
    repeat_venues = (
        alerts.filter(rule__code="repeated_visits")
        .values("venue__pk", "venue__name", "venue__latitude", "venue__longitude")
        .annotate(n=Count("pk"))
        .order_by("-n")[:20]
    )
    points = (
        alerts.exclude(venue=None)
        .values("venue__name", "venue__latitude", "venue__longitude")
        .annotate(n=Count("pk"))
        .order_by("-n")[:500]
    )
    outcome_labels = dict(Outcome.choices)
    return {
        "by_province": list(by_province),
        "outcomes": [
            {"outcome": outcome_labels.get(o["outcome"], o["outcome"]), "n": o["n"]}
            for o in outcomes
        ],
        "plates_cancelled": Plate.objects.restrict(user, "view")
        .filter(status=PlateStatus.CANCELLED)
        .count(),
        "tax_assessed_khr": assessments.aggregate(total=Sum("amount_khr"))["total"] or 0,
        "repeat_venues": list(repeat_venues),
        "points": list(points),
        "open_alerts": alerts.exclude(status="closed").count(),
    }
