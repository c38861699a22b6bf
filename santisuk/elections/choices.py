from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    SENATE = "senate", _("Senate")
    NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
    COUNCILS = "councils", _("Capital/provincial and district councils")
    COMMUNE = "commune", _("Commune councils")


class StageCode(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    PREPARATION = "preparation", _("Preparation")
    CANDIDATE_LISTS = "candidate_lists", _("Candidate lists")
    CAMPAIGN = "campaign", _("Campaign")
    SILENCE = "silence", _("Silence day")
    POLLING = "polling", _("Polling")
    RESULTS = "results", _("Results")
    POST_ELECTION = "post_election", _("Post-election")


class CrimeKind(models.TextChoices):
    NONE = "", _("No crime")
    THEFT = "theft", _("Theft")
    HOMICIDE = "homicide", _("Homicide")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    SOCIAL_VIOLENCE = "social_violence", _("Social violence")
    PUBLIC_DISORDER = "public_disorder", _("Public disorder")
    DISPUTE = "dispute", _("Dispute")
    OTHER = "other", _("Other crime")


class ElectionIncidentKind(models.TextChoices):
    NONE = "", _("Not election-specific")
    INTIMIDATION = "intimidation", _("Intimidation or threats")
    OBSTRUCTION = "obstruction", _("Obstruction of campaigning")
    PLOT = "plot", _("Incitement or disruption plot")
    CLASH = "clash", _("Clash between supporters")
    DESTRUCTION = "destruction", _("Destruction of party materials")
    POLLING_DISRUPTION = "polling_disruption", _("Polling-station disruption")
    VOTE_BUYING = "vote_buying", _("Vote-buying report")
    NEUTRALITY = "neutrality", _("Breach of security-force neutrality")
    OTHER = "other", _("Other election incident")


# The short codes a registered reporter texts: "<code> <station code> [text]".
SMS_CODES: dict[str, tuple[str, str]] = {
    "THF": (CrimeKind.THEFT, ""),
    "HOM": (CrimeKind.HOMICIDE, ""),
    "DV": (CrimeKind.DOMESTIC_VIOLENCE, ""),
    "SV": (CrimeKind.SOCIAL_VIOLENCE, ""),
    "PD": (CrimeKind.PUBLIC_DISORDER, ""),
    "DSP": (CrimeKind.DISPUTE, ""),
    "INT": ("", ElectionIncidentKind.INTIMIDATION),
    "OBS": ("", ElectionIncidentKind.OBSTRUCTION),
    "PLT": ("", ElectionIncidentKind.PLOT),
    "CLS": (CrimeKind.PUBLIC_DISORDER, ElectionIncidentKind.CLASH),
    "DST": ("", ElectionIncidentKind.DESTRUCTION),
    "PSD": ("", ElectionIncidentKind.POLLING_DISRUPTION),
    "VB": ("", ElectionIncidentKind.VOTE_BUYING),
    "NEU": ("", ElectionIncidentKind.NEUTRALITY),
    "OTH": ("", ElectionIncidentKind.OTHER),
}


class Channel(models.TextChoices):
    CALL = "call", _("Call")
    POST = "post", _("Police post report")
    WEB = "web", _("Public web tip")
    REFERRAL = "referral", _("Referral (NEC or electoral commission)")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    VERIFIED = "verified", _("Verified")
    UNVERIFIED = "unverified", _("Unverified")
    FALSE = "false", _("False (rumour)")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


OPEN_STATUSES = [s for s in Status.values if s not in (Status.RESOLVED, Status.FALSE)]

# Which status may follow which: the lifecycle of the issue.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.TRIAGED},
    Status.TRIAGED: {Status.VERIFIED, Status.UNVERIFIED, Status.FALSE},
    Status.VERIFIED: {Status.ASSIGNED},
    Status.UNVERIFIED: {Status.ASSIGNED, Status.VERIFIED, Status.FALSE},
    Status.FALSE: set(),
    Status.ASSIGNED: {Status.ASSIGNED, Status.IN_PROGRESS},
    Status.IN_PROGRESS: {Status.ASSIGNED, Status.RESOLVED},
    Status.RESOLVED: set(),
}


class Disposition(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    UNFOUNDED = "unfounded", _("Unfounded")
    REFERRED = "referred", _("Referred to the NEC or an electoral commission")
    CASE_OPENED = "case_opened", _("Case opened for investigation")
    NO_ACTION = "no_action", _("No action")


class CommandLevel(models.TextChoices):
    NATIONAL = "national", _("National command")
    PROVINCIAL = "provincial", _("Capital/provincial command")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune post")


class ReporterKind(models.TextChoices):
    POLICE_POST = "police_post", _("Police post")
    COMMUNE_GUARD = "commune_guard", _("Commune guard")
    OBSERVER = "observer", _("Accredited observer")
    ELECTORAL_COMMISSION = "electoral_commission", _("Electoral commission")
    OTHER = "other", _("Other")


class NoticeKind(models.TextChoices):
    REBUTTAL = "rebuttal", _("Rumour rebuttal")
    WARNING = "warning", _("Warning about a disruption plot")
    CLOSURE = "closure", _("Closure")
    OTHER = "other", _("Other")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
