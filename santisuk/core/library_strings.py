"""Messages of Django and of the libraries that appear on Santisuk's pages, listed so that
``makemessages`` puts them in Santisuk's Khmer catalog: the libraries ship no Khmer, or only part
of it, and a project catalog takes precedence over theirs.

Never imported or called; only read by ``makemessages``.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext


def _messages() -> None:
    # Django form and model validation
    _("This field is required.")
    _("This field cannot be blank.")
    _("This field cannot be null.")
    _("Enter a valid value.")
    _("Enter a valid date.")
    _("Enter a valid time.")
    _("Enter a valid date/time.")
    _("Enter a whole number.")
    _("Enter a number.")
    _("Enter a valid email address.")
    _("Select a valid choice. %(value)s is not one of the available choices.")
    _("Select a valid choice. That choice is not one of the available choices.")
    _("Value %(value)r is not a valid choice.")
    _("Ensure this value is greater than or equal to %(limit_value)s.")
    _("Ensure this value is less than or equal to %(limit_value)s.")
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    _("%(model_name)s with this %(field_label)s already exists.")
    _("Constraint “%(name)s” is violated.")
    _("The submitted file is empty.")
    _("No file was submitted. Check the encoding type on the form.")
    _("Currently")
    _("Change")
    _("Clear")
    # Django authentication (field names of the user model and the login form)
    _("Username")
    _("Password")
    _("username")
    _("password")
    _("first name")
    _("last name")
    _("email address")
    _("staff status")
    _("superuser status")
    _("groups")
    _("user permissions")
    _("last login")
    _("date joined")
    _(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    )
    _("This account is inactive.")
    ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        1,
    )
    _("This password is too common.")
    _("This password is entirely numeric.")
    _("The password is too similar to the %(verbose_name)s.")
    # django-filter
    _("Any date")
    _("Today")
    _("Yesterday")
    _("Past 7 days")
    _("This month")
    _("This year")
    _("All")
    _("Multiple values may be separated by commas.")
    _("Ordering")
    _("%s (descending)")
