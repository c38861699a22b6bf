"""The misuse rules, checked as soon as a sighting is committed.

``sightings_check`` takes the ids of committed sightings, checks each one that matched a police
plate against every enabled rule and raises the alerts, then marks the sightings as checked, all
in one transaction. A sighting committed but not yet checked (the process died in between)
is picked up by the next ingest or by ``santisuk plates alerts --check-pending``.

The rules are evaluated set-wise: what a rule needs from the database (earlier visits, the
neighbouring sightings of a plate, provinces, jurisdictions, travel orders, alerts already
raised) is read with one query per rule for the whole batch, and the sightings are then checked
one by one in capture order in memory, with exactly the outcome of looking each one up alone.
"""

from __future__ import annotations

import bisect
import datetime
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from santisuk.audit import chain
from santisuk.audit.choices import ChangeAction
from santisuk.audit.models import ChangeEntry
from santisuk.audit.services import change_entry, changes_record_bulk
from santisuk.plates.choices import OFF_ROAD_STATUSES, RuleCode
from santisuk.plates.geometry import haversine_m
from santisuk.plates.models import Alert, AlertEvidence, MisuseRule, Sighting, TravelOrder

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _chiefs():
    from santisuk.accounts.models import User

    return list(
        User.objects.filter(is_active=True, role__code="provincial_chief")
        .exclude(unit=None)
        .select_related("unit")
    )


def provincial_chief_for(unit, chiefs=None):
    """The provincial chief who answers for ``unit``: the nearest one above it in the
    hierarchy, else one in its province."""
    if chiefs is None:
        chiefs = _chiefs()
    above = [c for c in chiefs if unit.path.startswith(c.unit.path)]
    if above:
        return max(above, key=lambda c: (c.unit.depth, -c.pk))
    same = [c for c in chiefs if unit.province_id and c.unit.province_id == unit.province_id]
    return min(same, key=lambda c: c.pk) if same else None


def _enabled_rules() -> dict[str, MisuseRule]:
    return {r.code: r for r in MisuseRule.objects.filter(is_enabled=True)}


def sightings_check(
    ids: Iterable[int], *, between: tuple[datetime.datetime, datetime.datetime] | None = None
) -> list[Alert]:
    """Check the given sightings (those not yet checked) and return the alerts raised.

    ``between``, the earliest and latest capture times of the sightings if the caller knows
    them, lets PostgreSQL look in their day partitions only."""
    ids = list(ids)
    if not ids:
        return []
    rules = _enabled_rules()
    raised: list[Alert] = []
    within = {"captured_at__range": between} if between else {}
    pending = (
        Sighting.objects.filter(pk__in=ids, rules_checked=False, plate__isnull=False, **within)
        .select_related("plate__unit", "plate__officer", "venue__venue_type", "venue__location")
        .order_by("captured_at")
    )
    if rule := rules.get(RuleCode.CLONED_PLATE):
        # The plate's sightings with a position just before and just after each one, within
        # the time a vehicle at the rule's speed needs to cross half the Earth: one further
        # away cannot make the pair too fast, so the bound changes no outcome.
        reach = _reach(rule)
        others = Sighting.objects.filter(
            plate_id=OuterRef("plate_id"), latitude__isnull=False, longitude__isnull=False
        ).exclude(pk=OuterRef("pk"))
        pending = pending.annotate(
            before_id=Subquery(
                others.filter(
                    captured_at__lte=OuterRef("captured_at"),
                    captured_at__gte=OuterRef("captured_at") - reach,
                )
                .order_by("-captured_at")
                .values("pk")[:1]
            ),
            after_id=Subquery(
                others.filter(
                    captured_at__gt=OuterRef("captured_at"),
                    captured_at__lte=OuterRef("captured_at") + reach,
                )
                .order_by("captured_at")
                .values("pk")[:1]
            ),
        )
    # One transaction for the lot: alerts and the "checked" marks commit together (a crash
    # leaves the sightings unchecked, to be checked again), with one commit instead of many.
    with transaction.atomic():
        sightings = list(pending)
        if sightings:
            batch = _Batch(sightings, rules)
            for sighting in sightings:
                raised += _check(sighting, rules, batch)
            batch.save()
        Sighting.objects.filter(pk__in=ids, **within).update(rules_checked=True)
    return raised


def _reach(rule: MisuseRule) -> datetime.timedelta:
    return datetime.timedelta(hours=20_100 / (rule.max_speed_kmh or 150))


def pending_sightings_check(limit: int = 100_000) -> list[Alert]:
    ids = Sighting.objects.filter(rules_checked=False).values_list("pk", flat=True)[:limit]
    return sightings_check(list(ids))


class _Batch:
    """What the rules need to know about a batch of sightings, read once for all of them."""

    def __init__(self, sightings: list[Sighting], rules: dict[str, MisuseRule]):
        self.sightings = sightings
        ids = [s.pk for s in sightings]
        plates = {s.plate_id for s in sightings}
        first = sightings[0].captured_at
        last = sightings[-1].captured_at
        self.chiefs = _chiefs()
        self.chief_of: dict[int, object] = {}
        # Alerts raised and evidence found, written together when the batch is checked.
        self.new_alerts: list[tuple[Alert, set[int]]] = []
        self.evidence: list[AlertEvidence] = []
        # (rule, sighting) pairs that already have their alert.
        self.alerted = set(
            Alert.objects.filter(sighting_id__in=ids).values_list("rule_id", "sighting_id")
        )

        # Repeated visits: every visit of the batch's plates to the batch's venues in the
        # window before each sighting, and the alerts of the rule still in their window.
        self.visits: dict[tuple[int, int], list[tuple[datetime.datetime, int]]] = {}
        self.repeat_alerts: list[Alert] = []
        rule = rules.get(RuleCode.REPEATED_VISITS)
        at_venues = [s for s in sightings if s.venue_id is not None]
        if rule and at_venues:
            window = datetime.timedelta(days=rule.window_days or 30)
            visits = defaultdict(list)
            for pk, plate_id, venue_id, seen in Sighting.objects.filter(
                plate_id__in={s.plate_id for s in at_venues},
                venue_id__in={s.venue_id for s in at_venues},
                captured_at__gt=first - window,
                captured_at__lte=last,
            ).values_list("pk", "plate_id", "venue_id", "captured_at"):
                visits[(plate_id, venue_id)].append((seen, pk))
            self.visits = {pair: sorted(found) for pair, found in visits.items()}
            self.repeat_alerts = list(
                Alert.objects.filter(
                    rule=rule,
                    plate_id__in={s.plate_id for s in at_venues},
                    venue_id__in={s.venue_id for s in at_venues},
                    seen_at__gt=first - window,
                ).order_by("-created_at")
            )

        # Out of jurisdiction: provinces of the places, of the units' jurisdictions, and the
        # travel orders of the batch's plates over the batch's days.
        self.province_of_area: dict[int, int | None] = {}
        self.allowed: dict[int, set[int | None]] = defaultdict(set)
        self.travel: dict[int, list[tuple[int, datetime.date, datetime.date]]] = defaultdict(list)
        self.province_names: dict[int, str] = {}
        if RuleCode.OUT_OF_JURISDICTION in rules:
            from santisuk.geo.models import Area
            from santisuk.org.models import Unit

            areas = {s.area_id for s in sightings if s.area_id}
            self.province_of_area = dict(
                Area.objects.filter(pk__in=areas).values_list("pk", "province_id")
            )
            units = {s.plate.unit_id for s in sightings}
            for unit_id, province_id in Unit.jurisdiction.through.objects.filter(
                unit_id__in=units
            ).values_list("unit_id", "area__province_id"):
                self.allowed[unit_id].add(province_id)
            days = [first.astimezone(LOCAL).date(), last.astimezone(LOCAL).date()]
            for plate_id, province_id, valid_from, valid_to in TravelOrder.objects.filter(
                plate_id__in=plates, valid_from__lte=max(days), valid_to__gte=min(days)
            ).values_list("plate_id", "province_id", "valid_from", "valid_to"):
                self.travel[plate_id].append((province_id, valid_from, valid_to))

        # Cloned plates: positions and times of the neighbouring sightings.
        self.neighbours: dict[int, tuple[float, float, datetime.datetime]] = {}
        neighbour_ids = {
            pk
            for s in sightings
            for pk in (getattr(s, "before_id", None), getattr(s, "after_id", None))
            if pk is not None
        }
        if neighbour_ids:
            reach = _reach(rules[RuleCode.CLONED_PLATE])
            self.neighbours = {
                pk: (lat, lon, seen)
                for pk, lat, lon, seen in Sighting.objects.filter(
                    pk__in=neighbour_ids, captured_at__range=(first - reach, last + reach)
                ).values_list("pk", "latitude", "longitude", "captured_at")
            }

    def save(self) -> None:
        """Write the batch's alerts with a handful of statements, however many there are: the
        alerts (numbered once their ids are known), their change log entries, their evidence
        and one "plate.alert_raised" event each."""
        alerts = [alert for alert, _ids in self.new_alerts]
        if alerts:
            Alert.objects.bulk_create(alerts)
            for alert in alerts:
                alert.number = f"PA-{alert.created_at:%Y}-{alert.pk:06d}"
            Alert.objects.bulk_update(alerts, ["number"])
            changes_record_bulk(model=Alert, objects=alerts, action=ChangeAction.CREATE)
            chain.append(
                ChangeEntry,
                [
                    change_entry(
                        action=ChangeAction.EVENT,
                        obj=alert,
                        before=None,
                        after={
                            "rule": alert.rule.code,
                            "plate": alert.plate.number,
                            "sighting": alert.sighting_id,
                            "assigned_to": (
                                alert.assigned_to.get_username() if alert.assigned_to else None
                            ),
                        },
                        event="plate.alert_raised",
                    )
                    for alert in alerts
                ],
            )
            for alert, ids in self.new_alerts:
                self.evidence += [AlertEvidence(alert=alert, sighting_id=pk) for pk in sorted(ids)]
        if self.evidence:
            AlertEvidence.objects.bulk_create(self.evidence, ignore_conflicts=True)
        self.new_alerts, self.evidence = [], []

    def chief_for(self, unit):
        if unit.pk not in self.chief_of:
            self.chief_of[unit.pk] = provincial_chief_for(unit, self.chiefs)
        return self.chief_of[unit.pk]

    def province_name(self, province_id: int) -> str:
        if province_id not in self.province_names:
            from santisuk.geo.models import Area

            self.province_names[province_id] = Area.objects.get(pk=province_id).name_en
        return self.province_names[province_id]


def _check(sighting: Sighting, rules: dict[str, MisuseRule], batch: _Batch) -> list[Alert]:
    plate = sighting.plate
    raised: list[Alert | None] = []
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
                batch,
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
                batch,
            )
        )
    elif restricted and (rule := rules.get(RuleCode.RESTRICTED_VENUE)):
        raised.append(
            _raise(
                rule,
                sighting,
                _("Plate %(plate)s at %(venue)s (%(type)s).")
                % {"plate": plate.number, "venue": venue.name, "type": venue.venue_type},
                batch,
            )
        )

    rule = rules.get(RuleCode.REPEATED_VISITS)
    if rule and venue is not None:
        raised.append(_repeated(rule, sighting, batch))

    rule = rules.get(RuleCode.OUT_OF_JURISDICTION)
    if rule:
        raised.append(_out_of_jurisdiction(rule, sighting, batch))

    rule = rules.get(RuleCode.CLONED_PLATE)
    if rule and sighting.latitude is not None and sighting.longitude is not None:
        raised.append(_cloned(rule, sighting, batch))
    return [a for a in raised if a is not None]


def _is_night(moment: datetime.datetime, rule: MisuseRule) -> bool:
    start = rule.night_start or datetime.time(22, 0)
    end = rule.night_end or datetime.time(5, 0)
    local = moment.astimezone(LOCAL).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def _repeated(rule: MisuseRule, sighting: Sighting, batch: _Batch) -> Alert | None:
    window = datetime.timedelta(days=rule.window_days or 30)
    threshold = rule.threshold or 3
    since = sighting.captured_at - window
    found = batch.visits.get((sighting.plate_id, sighting.venue_id), [])
    # The visits in (since, captured_at], newest first.
    low = bisect.bisect_right(found, since, key=lambda visit: visit[0])
    high = bisect.bisect_right(found, sighting.captured_at, key=lambda visit: visit[0])
    visits = [pk for _seen, pk in reversed(found[low:high])]
    if len(visits) < threshold:
        return None
    # One alert per plate and venue per window: the visits after it are its evidence.
    already = next(
        (
            alert
            for alert in batch.repeat_alerts
            if alert.plate_id == sighting.plate_id
            and alert.venue_id == sighting.venue_id
            and alert.seen_at > since
        ),
        None,
    )
    if already is not None:
        batch.evidence.append(AlertEvidence(alert=already, sighting_id=sighting.pk))
        return None
    alert = _raise(
        rule,
        sighting,
        _("Plate %(plate)s seen %(count)d times at %(venue)s in %(days)d days.")
        % {
            "plate": sighting.plate.number,
            "count": len(visits),
            "venue": sighting.venue.name,
            "days": window.days,
        },
        batch,
        evidence=visits,
    )
    if alert is not None:
        batch.repeat_alerts.insert(0, alert)  # the newest alert comes first
    return alert


def _province_of(sighting: Sighting, batch: _Batch) -> int | None:
    if sighting.area_id:
        return batch.province_of_area.get(sighting.area_id)
    if sighting.venue is not None:
        return sighting.venue.location.province_id
    return None


def _out_of_jurisdiction(rule: MisuseRule, sighting: Sighting, batch: _Batch) -> Alert | None:
    unit = sighting.plate.unit
    if unit.province_id is None:  # national units may drive anywhere
        return None
    province_id = _province_of(sighting, batch)
    if province_id is None:
        return None
    if province_id == unit.province_id or province_id in batch.allowed.get(unit.pk, ()):
        return None
    day = sighting.captured_at.astimezone(LOCAL).date()
    if any(
        ordered == province_id and valid_from <= day <= valid_to
        for ordered, valid_from, valid_to in batch.travel.get(sighting.plate_id, ())
    ):
        return None
    return _raise(
        rule,
        sighting,
        _("Plate %(plate)s of %(unit)s seen in %(province)s with no travel order.")
        % {
            "plate": sighting.plate.number,
            "unit": unit.code,
            "province": batch.province_name(province_id),
        },
        batch,
    )


def _cloned(rule: MisuseRule, sighting: Sighting, batch: _Batch) -> Alert | None:
    max_speed = rule.max_speed_kmh or 150
    for other_id in (getattr(sighting, "before_id", None), getattr(sighting, "after_id", None)):
        if other_id is None or other_id not in batch.neighbours:
            continue
        latitude, longitude, seen = batch.neighbours[other_id]
        metres = haversine_m(sighting.latitude, sighting.longitude, latitude, longitude)
        hours = abs((sighting.captured_at - seen).total_seconds()) / 3600
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
                batch,
                evidence=[other_id, sighting.pk],
            )
    return None


def _raise(
    rule: MisuseRule,
    sighting: Sighting,
    summary: str,
    batch: _Batch | None = None,
    evidence: Iterable[int] = (),
) -> Alert | None:
    alone = batch is None
    if batch is None:
        batch = _Batch([sighting], {})
    if (rule.pk, sighting.pk) in batch.alerted:
        return None
    batch.alerted.add((rule.pk, sighting.pk))
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
        assigned_to=batch.chief_for(plate.unit),
    )
    # The related rows were just read from the database: only the values are validated.
    alert.full_clean(
        exclude=["sighting", "evidence", "rule", "plate", "unit", "venue", "assigned_to"],
        validate_unique=False,
        validate_constraints=False,
    )
    batch.new_alerts.append((alert, {sighting.pk, *evidence}))
    if alone:
        batch.save()
    return alert
