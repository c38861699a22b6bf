from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLEARED_BY_ARREST = "cleared_by_arrest", _("Cleared by arrest (cracked down)")
    CLEARED_EXCEPTIONALLY = "cleared_exceptionally", _("Cleared exceptionally")
    UNFOUNDED = "unfounded", _("Unfounded")
    CLOSED = "closed", _("Closed administratively")


# Statuses an investigator may set by hand; "cleared by arrest" follows the arrests.
MANUAL_STATUSES = (
    CaseStatus.OPEN,
    CaseStatus.CLEARED_EXCEPTIONALLY,
    CaseStatus.UNFOUNDED,
    CaseStatus.CLOSED,
)
CLEARED_STATUSES = (CaseStatus.CLEARED_BY_ARREST, CaseStatus.CLEARED_EXCEPTIONALLY)


class ExceptionalReason(models.TextChoices):
    OFFENDER_DEAD = "offender_dead", _("Offender dead")
    PROSECUTION_DECLINED = "prosecution_declined", _("Prosecution declined")
    IN_CUSTODY_ELSEWHERE = "in_custody_elsewhere", _("Offender in custody elsewhere")
    VICTIM_REFUSED = "victim_refused", _("Victim refused to cooperate")
    JUVENILE = "juvenile", _("Offender is a juvenile")
    OTHER = "other", _("Other reason")


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


# States in which the author may still edit the record freely.
EDITABLE_STATES = (WorkflowState.DRAFT, WorkflowState.RETURNED)


class PartyRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    COMPLAINANT = "complainant", _("Complainant")


class Relationship(models.TextChoices):
    """Victim–offender relationship, recorded for violent and sexual offences (ICCS)."""

    NONE = "", _("Not recorded")
    SPOUSE = "spouse", _("Spouse or intimate partner")
    FORMER_SPOUSE = "former_spouse", _("Former spouse or partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    OTHER_FAMILY = "other_family", _("Other family member")
    ACQUAINTANCE = "acquaintance", _("Acquaintance, friend, neighbour")
    COLLEAGUE = "colleague", _("Colleague or employer")
    STRANGER = "stranger", _("Stranger")
    UNKNOWN = "unknown", _("Unknown")


# Relationships that make an assault domestic violence.
FAMILY_RELATIONSHIPS = (
    Relationship.SPOUSE,
    Relationship.FORMER_SPOUSE,
    Relationship.PARENT,
    Relationship.CHILD,
    Relationship.OTHER_FAMILY,
)


class ArrestOutcome(models.TextChoices):
    PENDING = "", _("Not yet decided")
    SENT_TO_COURT = "sent_to_court", _("Sent to court")
    RELEASED = "released", _("Released")
    TRANSFERRED = "transferred", _("Transferred")


class SeizureKind(models.TextChoices):
    DRUGS = "drugs", _("Drugs")
    WEAPON = "weapon", _("Weapon")
    VEHICLE = "vehicle", _("Vehicle")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other property")


class DrugType(models.TextChoices):
    NONE = "", _("Not drugs")
    METHAMPHETAMINE_TABLETS = "methamphetamine_tablets", _("Methamphetamine tablets (yaba)")
    CRYSTAL_METHAMPHETAMINE = "crystal_methamphetamine", _("Crystal methamphetamine (ice)")
    HEROIN = "heroin", _("Heroin")
    COCAINE = "cocaine", _("Cocaine")
    KETAMINE = "ketamine", _("Ketamine")
    MDMA = "mdma", _("MDMA (ecstasy)")
    CANNABIS = "cannabis", _("Cannabis")
    PRECURSORS = "precursors", _("Precursor chemicals")
    OTHER = "other", _("Other drug")


class QuantityUnit(models.TextChoices):
    NONE = "", _("—")
    GRAM = "g", _("grams")
    KILOGRAM = "kg", _("kilograms")
    TABLET = "tablets", _("tablets")
    MILLILITRE = "ml", _("millilitres")
    LITRE = "l", _("litres")
    PIECE = "pieces", _("pieces")


class PropertyStatus(models.TextChoices):
    STOLEN = "stolen", _("Stolen")
    RECOVERED = "recovered", _("Recovered")
    SEIZED = "seized", _("Seized")
    DESTROYED = "destroyed", _("Destroyed")


class Currency(models.TextChoices):
    KHR = "KHR", _("Riel (KHR)")
    USD = "USD", _("US dollar (USD)")


class FireCause(models.TextChoices):
    ELECTRICAL = "electrical", _("Electrical fault")
    COOKING = "cooking", _("Cooking")
    ARSON = "arson", _("Arson")
    NEGLIGENCE = "negligence", _("Negligence (candles, cigarettes, burning rubbish)")
    GAS = "gas", _("Gas leak or explosion")
    NATURAL = "natural", _("Natural (lightning, forest fire)")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class CrashSeverity(models.TextChoices):
    FATAL = "fatal", _("Fatal")
    SERIOUS = "serious", _("Serious injury")
    MINOR = "minor", _("Minor injury")
    DAMAGE_ONLY = "damage_only", _("Damage only")


class SafetyUse(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    ALL = "all", _("All wore it")
    SOME = "some", _("Some wore it")
    NONE = "none", _("None wore it")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class CrashCause(models.TextChoices):
    SPEEDING = "speeding", _("Speeding")
    DRINK_DRIVING = "drink_driving", _("Drink driving")
    DANGEROUS_OVERTAKING = "overtaking", _("Dangerous overtaking")
    RIGHT_OF_WAY = "right_of_way", _("Failure to give way")
    WRONG_SIDE = "wrong_side", _("Driving on the wrong side")
    FATIGUE = "fatigue", _("Fatigue or distraction")
    VEHICLE_DEFECT = "vehicle_defect", _("Vehicle defect")
    ROAD_CONDITION = "road_condition", _("Road condition")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class NoteKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    SUPPLEMENT = "supplement", _("Supplement")
    CORRECTION = "correction", _("Correction")
    TRANSFER = "transfer", _("Transfer")
    STATUS = "status", _("Status change")
    INVESTIGATORS = "investigator", _("Investigators")
