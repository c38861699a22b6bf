from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from santisuk.core.api.views import RestrictedReadOnlyViewSet, RestrictedViewSetMixin
from santisuk.elections import services
from santisuk.elections.api import serializers as s
from santisuk.elections.filtersets import (
    IncidentFilterSet,
    IntakeReportFilterSet,
    PollingStationFilterSet,
)
from santisuk.elections.models import (
    Election,
    Incident,
    IntakeReport,
    Notice,
    PollingStation,
    SituationReport,
)


class ElectionViewSet(RestrictedReadOnlyViewSet):
    queryset = Election.objects.all()
    serializer_class = s.ElectionSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("stages")


class PollingStationViewSet(RestrictedReadOnlyViewSet):
    queryset = PollingStation.objects.all()
    serializer_class = s.PollingStationSerializer
    filterset_class = PollingStationFilterSet
    select_related = ("election", "commune")


class IntakeReportViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = IntakeReport.objects.all()
    serializer_class = s.IntakeReportSerializer
    filterset_class = IntakeReportFilterSet
    select_related = ("election", "area", "incident")


STEPS = ("triage", "verify", "assign", "acknowledge", "start", "resolve", "stage")


class IncidentViewSet(RestrictedReadOnlyViewSet):
    """Incidents, with one POST action per lifecycle step."""

    queryset = Incident.objects.all()
    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilterSet
    select_related = ("election", "area", "assigned_unit")
    action_map_to_permission = {
        **RestrictedViewSetMixin.action_map_to_permission,
        **dict.fromkeys(STEPS, "change"),
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related("reports")

    def _run(self, request, serializer_class, call, permission=None):
        if permission and not request.user.has_perm(permission):
            raise PermissionDenied
        incident = self.get_object()
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        try:
            call(incident, data)
        except DjangoValidationError as error:
            raise s.django_errors(error) from error
        incident = self.get_queryset().get(pk=incident.pk)
        return Response(self.get_serializer(incident).data)

    @action(detail=False, methods=["post"], url_path="open")
    def open(self, request):
        if not request.user.has_perm("elections.add_incident"):
            raise PermissionDenied
        serializer = s.OpenIncidentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = serializer.validated_data.pop("report")
        if not IntakeReport.objects.restrict(request.user, "change").filter(pk=report.pk).exists():
            return Response({"report": ["No such report."]}, status=status.HTTP_404_NOT_FOUND)
        try:
            incident = services.incident_from_report(
                report=report, actor=request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise s.django_errors(error) from error
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._run(
            request,
            s.TriageSerializer,
            lambda i, d: services.incident_triage(incident=i, actor=request.user, **d),
        )

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._run(
            request,
            s.VerifySerializer,
            lambda i, d: services.incident_verify(incident=i, actor=request.user, **d),
        )

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._run(
            request,
            s.AssignSerializer,
            lambda i, d: services.incident_assign(incident=i, actor=request.user, **d),
            permission="elections.assign_incident",
        )

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._run(
            request,
            None,
            lambda i, d: services.incident_acknowledge(incident=i, actor=request.user),
        )

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._run(
            request, None, lambda i, d: services.incident_start(incident=i, actor=request.user)
        )

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._run(
            request,
            s.ResolveSerializer,
            lambda i, d: services.incident_resolve(incident=i, actor=request.user, **d),
        )

    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        return self._run(
            request,
            s.StageCorrectSerializer,
            lambda i, d: services.incident_stage_correct(incident=i, actor=request.user, **d),
        )


class NoticeViewSet(RestrictedReadOnlyViewSet):
    queryset = Notice.objects.all()
    serializer_class = s.NoticeSerializer


class SituationReportViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = SituationReport.objects.all()
    serializer_class = s.SituationReportSerializer
    select_related = ("election", "province")
