from django.urls import path

from santisuk.elections.choices import Channel
from santisuk.elections.views import incidents as incident_views
from santisuk.elections.views import intake, public, reports
from santisuk.elections.views.registries import (
    ElectionRegistry,
    IncidentRegistry,
    IntakeReportRegistry,
    NoticeRegistry,
    PartyRegistry,
    PollingStationRegistry,
    SituationReportRegistry,
    StageRegistry,
    TrustedReporterRegistry,
)

app_name = "elections"


def _replace_detail(registry, view) -> list:
    name = f"{registry.name()}_detail"
    patterns = [p for p in registry.urls() if p.name != name]
    patterns.append(
        path(f"{registry.name()}s/<int:pk>/", view.as_view(registry=registry), name=name)
    )
    return patterns


urlpatterns = [
    *ElectionRegistry.urls(),
    *StageRegistry.urls(),
    *PollingStationRegistry.urls(),
    *PartyRegistry.urls(),
    *TrustedReporterRegistry.urls(),
    *IntakeReportRegistry.urls(),
    *_replace_detail(IncidentRegistry, incident_views.IncidentDetailView),
    *NoticeRegistry.urls(),
    *_replace_detail(SituationReportRegistry, reports.SitrepDetailView),
    # Intake channels
    path("intake/call/", intake.IntakeView.as_view(channel=Channel.CALL), name="intake_call"),
    path("intake/post/", intake.IntakeView.as_view(channel=Channel.POST), name="intake_post"),
    path(
        "intake/referral/",
        intake.IntakeView.as_view(channel=Channel.REFERRAL),
        name="intake_referral",
    ),
    path("tip/", intake.TipView.as_view(), name="tip"),
    path("sms/", intake.SmsGatewayView.as_view(), name="sms_gateway"),
    path("intakereports/<int:pk>/open/", intake.IntakeOpenView.as_view(), name="intakereport_open"),
    # Incidents
    path(
        "incidents/<int:pk>/edit/", incident_views.IncidentEditView.as_view(), name="incident_edit"
    ),
    path(
        "incidents/<int:pk>/<slug:action>/",
        incident_views.IncidentActionView.as_view(),
        name="incident_action",
    ),
    # Notices
    path("notices/add/", public.NoticeEditView.as_view(), name="notice_add"),
    path("notices/<int:pk>/edit/", public.NoticeEditView.as_view(), name="notice_edit"),
    path(
        "notices/<int:pk>/<slug:action>/",
        public.NoticeActionView.as_view(),
        name="notice_action",
    ),
    path("public/notices/", public.PublicNoticesView.as_view(), name="public_notices"),
    path("public/notices/<int:pk>/", public.PublicNoticeView.as_view(), name="public_notice"),
    path("public/notices/feed/", public.NoticeFeed(), name="notice_feed"),
    # Reports and the operating picture
    path(
        "situationreports/generate/", reports.SitrepGenerateView.as_view(), name="sitrep_generate"
    ),
    path(
        "situationreports/<int:pk>/narrative/",
        reports.SitrepNarrativeView.as_view(),
        name="sitrep_narrative",
    ),
    path(
        "situationreports/<int:pk>/publish/",
        reports.SitrepPublishView.as_view(),
        name="sitrep_publish",
    ),
    path("public/figures/", reports.PublicFiguresView.as_view(), name="public_figures"),
    path("dashboard/", reports.DashboardView.as_view(), name="dashboard"),
    path("incidents.geojson", reports.IncidentGeoJSONView.as_view(), name="incident_geojson"),
    path("equal-treatment/", reports.EqualTreatmentView.as_view(), name="equal_treatment"),
    path("notifications/", reports.NotificationsView.as_view(), name="notifications"),
]
