"""The misuse rules, checked as soon as a sighting is committed.

``sightings_check`` takes the ids of committed sightings, checks each one that matched a police
plate against every enabled rule and raises the alerts, then marks the sightings as checked, all
in one transaction. A sighting committed but not yet checked (the process died in between)
is picked up by the next ingest or by ``santisuk plates alerts --check-pending``.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.plates.choices import OFF_ROAD_STATUSES, RuleCode
from santisuk.plates.geometry import haversine_m
from santisuk.plates.models import Alert, AlertEvidence, MisuseRule, Sighting, TravelOrder

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def provincial_chief_for(unit):
    """The provincial chief who answers for ``unit``: the nearest one above it in the
    hierarchy, else one in its province."""
    from santisuk.accounts.models import User

    chiefs = list(
        User.objects.filter(is_active=True, role__code="provincial_chief")
        .exclude(unit=None)
        .select_related("unit")
    )
    above = [c for c in chiefs if unit.path.startswith(c.unit.path)]
    if above:
        return max(above, key=lambda c: (c.unit.depth, -c.pk))
    same = [c for c in chiefs if unit.province_id and c.unit.province_id == unit.province_id]
    return min(same, key=lambda c: c.pk) if same else None


def _enabled_rules() -> dict[str, MisuseRule]:
    return {r.code: r for r in MisuseRule.objects.filter(is_enabled=True)}


def sightings_check(ids: Iterable[int]) -> list[Alert]:
    """Check the given sightings (those not yet checked) and return the alerts raised."""
    ids = list(ids)
    if not ids:
        return []
    rules = _enabled_rules()
    raised: list[Alert] = []
    pending = (
        Sighting.objects.filter(pk__in=ids, rules_checked=False)
        .select_related("plate__unit", "plate__officer", "venue__venue_type", "venue__location")
        .order_by("captured_at")
    )
    # One transaction for the lot: alerts and the "checked" marks commit together (a crash
    # leaves the sightings unchecked, to be checked again), with one commit instead of many.
    with transaction.atomic():
        for sighting in pending:
            if sighting.plate is not None:
                raised += _check(sighting, rules)
        Sighting.objects.filter(pk__in=ids).update(rules_checked=True)
    return raised


def pending_sightings_check(limit: int = 100_000) -> list[Alert]:
    ids = Sighting.objects.filter(rules_checked=False).values_list("pk", flat=True)[:limit]
    return sightings_check(list(ids))


def _check(sighting: Sighting, rules: dict[str, MisuseRule]) -> list[Alert]:
    plate = sighting.plate
    raised: list[Alert] = []
    venue = sighting.venue
    restricted = venue is not None and venue.venue_type.is_restricted

    rule = rules.get(RuleCode.OFF_ROAD_PLATE)
    if rule and plate.status in OFF_ROAD_STATUSES:
        raised.append(
            _raise(
                rule,
                sighting,
                _("Plate %(plate)s is %(status)s and was seen on the road.")
                % {"plate": plate.number, "status": plate.get_status_display().lower()},
            )
        )

    night = rules.get(RuleCode.NIGHT_VENUE)
    at_night = bool(night) and _is_night(sighting.captured_at, night)
    if restricted and at_night:
        raised.append(
            _raise(
                night,
                sighting,
                _("Plate %(plate)s at %(venue)s (%(type)s) at night.")
                % {"plate": plate.number, "venue": venue.name, "type": venue.venue_type},
            )
        )
    elif restricted and (rule := rules.get(RuleCode.RESTRICTED_VENUE)):
        raised.append(
            _raise(
                rule,
                sighting,
                _("Plate %(plate)s at %(venue)s (%(type)s).")
                % {"plate": plate.number, "venue": venue.name, "type": venue.venue_type},
            )
        )

    rule = rules.get(RuleCode.REPEATED_VISITS)
    if rule and venue is not None:
        alert = _repeated(rule, sighting)
        if alert:
            raised.append(alert)

    rule = rules.get(RuleCode.OUT_OF_JURISDICTION)
    if rule:
        alert = _out_of_jurisdiction(rule, sighting)
        if alert:
            raised.append(alert)

    rule = rules.get(RuleCode.CLONED_PLATE)
    if rule and sighting.latitude is not None and sighting.longitude is not None:
        alert = _cloned(rule, sighting)
        if alert:
            raised.append(alert)
    return [a for a in raised if a is not None]


def _is_night(moment: datetime.datetime, rule: MisuseRule) -> bool:
    start = rule.night_start or datetime.time(22, 0)
    end = rule.night_end or datetime.time(5, 0)
    local = moment.astimezone(LOCAL).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def _repeated(rule: MisuseRule, sighting: Sighting) -> Alert | None:
    window = datetime.timedelta(days=rule.window_days or 30)
    threshold = rule.threshold or 3
    since = sighting.captured_at - window
    visits = list(
        Sighting.objects.filter(
            plate=sighting.plate,
            venue=sighting.venue,
            captured_at__gt=since,
            captured_at__lte=sighting.captured_at,
        ).values_list("pk", flat=True)
    )
    if len(visits) < threshold:
        return None
    # One alert per plate and venue per window: the visits after it are its evidence.
    already = Alert.objects.filter(
        rule=rule, plate=sighting.plate, venue=sighting.venue, seen_at__gt=since
    ).first()
    if already is not None:
        AlertEvidence.objects.bulk_create(
            [AlertEvidence(alert=already, sighting_id=sighting.pk)], ignore_conflicts=True
        )
        return None
    return _raise(
        rule,
        sighting,
        _("Plate %(plate)s seen %(count)d times at %(venue)s in %(days)d days.")
        % {
            "plate": sighting.plate.number,
            "count": len(visits),
            "venue": sighting.venue.name,
            "days": window.days,
        },
        evidence=visits,
    )


def _province_of(sighting: Sighting) -> int | None:
    from santisuk.geo.models import Area

    if sighting.area_id:
        return (
            Area.objects.filter(pk=sighting.area_id).values_list("province_id", flat=True).first()
        )
    if sighting.venue is not None:
        return sighting.venue.location.province_id
    return None


def _out_of_jurisdiction(rule: MisuseRule, sighting: Sighting) -> Alert | None:
    unit = sighting.plate.unit
    if unit.province_id is None:  # national units may drive anywhere
        return None
    province_id = _province_of(sighting)
    if province_id is None:
        return None
    allowed = {unit.province_id, *unit.jurisdiction.values_list("province_id", flat=True)}
    if province_id in allowed:
        return None
    day = sighting.captured_at.astimezone(LOCAL).date()
    if TravelOrder.objects.filter(
        plate=sighting.plate, province_id=province_id, valid_from__lte=day, valid_to__gte=day
    ).exists():
        return None
    from santisuk.geo.models import Area

    province = Area.objects.get(pk=province_id)
    return _raise(
        rule,
        sighting,
        _("Plate %(plate)s of %(unit)s seen in %(province)s with no travel order.")
        % {"plate": sighting.plate.number, "unit": unit.code, "province": province.name_en},
    )


def _cloned(rule: MisuseRule, sighting: Sighting) -> Alert | None:
    max_speed = rule.max_speed_kmh or 150
    others = Sighting.objects.filter(
        plate=sighting.plate, latitude__isnull=False, longitude__isnull=False
    ).exclude(pk=sighting.pk)
    before = others.filter(captured_at__lte=sighting.captured_at).order_by("-captured_at").first()
    after = others.filter(captured_at__gt=sighting.captured_at).order_by("captured_at").first()
    for other in (before, after):
        if other is None:
            continue
        metres = haversine_m(sighting.latitude, sighting.longitude, other.latitude, other.longitude)
        hours = abs((sighting.captured_at - other.captured_at).total_seconds()) / 3600
        # Two readings within a minute a kilometre apart cannot be one vehicle either.
        too_fast = metres > 1000 and (hours == 0 or metres / 1000 / hours > max_speed)
        if too_fast:
            return _raise(
                rule,
                sighting,
                _("Plate %(plate)s seen %(km).1f km apart within %(minutes)d minutes.")
                % {
                    "plate": sighting.plate.number,
                    "km": metres / 1000,
                    "minutes": round(hours * 60),
                },
                evidence=[other.pk, sighting.pk],
            )
    return None


def _raise(
    rule: MisuseRule, sighting: Sighting, summary: str, evidence: Iterable[int] = ()
) -> Alert | None:
    if Alert.objects.filter(rule=rule, sighting_id=sighting.pk).exists():
        return None
    plate = sighting.plate
    alert = Alert(
        number=f"tmp-{uuid.uuid4().hex[:16]}",
        rule=rule,
        severity=rule.severity,
        plate=plate,
        unit=plate.unit,
        venue=sighting.venue,
        sighting_id=sighting.pk,
        seen_at=sighting.captured_at,
        summary=summary[:300],
        assigned_to=provincial_chief_for(plate.unit),
    )
    alert.full_clean(exclude=["sighting", "evidence"])
    alert.save()
    alert.number = f"PA-{alert.created_at:%Y}-{alert.pk:06d}"
    alert.save(update_fields=["number", "updated_at"])
    ids = {sighting.pk, *evidence}
    AlertEvidence.objects.bulk_create(
        [AlertEvidence(alert=alert, sighting_id=pk) for pk in sorted(ids)], ignore_conflicts=True
    )
    event_record(
        name="plate.alert_raised",
        obj=alert,
        data={
            "rule": rule.code,
            "plate": plate.number,
            "sighting": sighting.pk,
            "assigned_to": alert.assigned_to.get_username() if alert.assigned_to else None,
        },
    )
    return alert
