from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It shows the date the user's way and sends it as ISO
    ``YYYY-MM-DD``, so a day typed as 20/11/2026 is never read as a month."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class UserModelForm(forms.ModelForm):
    """A model form that knows who fills it in, so that choice fields can be restricted to the
    user's scope (a user may only pick units and records they can see)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if user is not None and queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, "view")
