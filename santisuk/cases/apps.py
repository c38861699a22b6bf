from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "santisuk.cases"
    label = "cases"
    verbose_name = _("Crime and incident records")

    def ready(self) -> None:
        from santisuk.geo.reference import register_loader
        from santisuk.people.selectors import PERSON_SECTIONS
        from santisuk.people.services import MERGE_HOOKS, MERGE_REVERSE_HOOKS

        register_loader("santisuk.cases.services.crime_types_load")
        for hooks, name in (
            (MERGE_HOOKS, "santisuk.cases.services.person_links_merge"),
            (MERGE_REVERSE_HOOKS, "santisuk.cases.services.person_links_unmerge"),
            (PERSON_SECTIONS, "santisuk.cases.selectors.person_cases"),
        ):
            if name not in hooks:
                hooks.append(name)
