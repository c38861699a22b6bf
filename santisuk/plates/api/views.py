from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from santisuk.core.api.views import RestrictedReadOnlyViewSet
from santisuk.plates.api.serializers import (
    AlertSerializer,
    IngestResultSerializer,
    PlateSerializer,
    SightingRowSerializer,
    TravelOrderSerializer,
    VehicleSerializer,
    VenueSerializer,
)
from santisuk.plates.filtersets import (
    AlertFilterSet,
    PlateFilterSet,
    VehicleFilterSet,
    VenueFilterSet,
)
from santisuk.plates.ingest import ingest_batch
from santisuk.plates.models import Alert, Plate, TravelOrder, Vehicle, Venue

MAX_BATCH = 10_000


class PlateViewSet(RestrictedReadOnlyViewSet):
    queryset = Plate.objects.all()
    serializer_class = PlateSerializer
    filterset_class = PlateFilterSet
    select_related = ("unit",)


class VehicleViewSet(RestrictedReadOnlyViewSet):
    queryset = Vehicle.objects.all()
    serializer_class = VehicleSerializer
    filterset_class = VehicleFilterSet
    select_related = ("holding_unit",)


class VenueViewSet(RestrictedReadOnlyViewSet):
    queryset = Venue.objects.all()
    serializer_class = VenueSerializer
    filterset_class = VenueFilterSet
    select_related = ("venue_type", "location")


class AlertViewSet(RestrictedReadOnlyViewSet):
    queryset = Alert.objects.all()
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    select_related = ("rule", "plate", "unit", "venue")


class TravelOrderViewSet(RestrictedReadOnlyViewSet):
    queryset = TravelOrder.objects.all()
    serializer_class = TravelOrderSerializer
    select_related = ("plate", "province")


class SightingBatchView(APIView):
    """A camera's batch: a JSON list of rows. The answer comes after the batch is committed."""

    # Not a model endpoint: the permission to add sightings is checked in ``post``.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SightingRowSerializer(many=True), responses={200: IngestResultSerializer}
    )
    def post(self, request):
        if not request.user.has_perm("plates.add_sighting"):
            raise PermissionDenied(_("You may not send sightings."))
        rows = request.data
        if not isinstance(rows, list):
            raise ValidationError({"rows": _("Send a JSON list of sightings.")})
        if len(rows) > MAX_BATCH:
            raise ValidationError(
                {"rows": _("At most %(limit)d sightings per batch.") % {"limit": MAX_BATCH}}
            )
        result = ingest_batch(rows, source_name=f"api:{request.user.get_username()}")
        return Response(
            {**result.counts(), "rejections": result.rejections}, status=status.HTTP_200_OK
        )
