"""Generic views every registry is configured from (rule 2: registries are declarative).

A registry names its model, FilterSet, table, form and export columns; ``Registry.urls()`` gives
the list, detail, add, edit and delete pages. Every page starts from
``Model.objects.restrict(user, action)``, so a record outside the user's scope answers 404.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import path, reverse
from django.views import generic
from django_tables2 import RequestConfig

from santisuk.core.exports import FORMATS, export_response


class RestrictedMixin(LoginRequiredMixin):
    model: type[models.Model]
    action: ClassVar[str] = "view"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        meta = self.model._meta
        if not request.user.has_perm(f"{meta.app_label}.{self.action}_{meta.model_name}"):
            # Without the permission the user cannot see the module at all.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class Registry:
    """Configuration of one model's pages."""

    model: type[models.Model]
    filterset_class: Any = None
    table_class: Any = None
    form_class: Any = None
    # A santisuk.core.imports.Importer subclass: adds the CSV import page with its preview.
    importer_class: Any = None
    export_columns: ClassVar[list] = []
    detail_template: str | None = None
    list_template: str = "core/object_list.html"
    url_prefix: str = ""  # defaults to the model name
    paginate_by: int = 50
    select_related: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def name(cls) -> str:
        return cls.url_prefix or cls.model._meta.model_name

    @classmethod
    def urls(cls) -> list:
        name = cls.name()
        patterns = [
            path(f"{name}s/", ObjectListView.as_view(registry=cls), name=f"{name}_list"),
            path(
                f"{name}s/<int:pk>/",
                ObjectDetailView.as_view(registry=cls),
                name=f"{name}_detail",
            ),
        ]
        if cls.form_class is not None:
            patterns += [
                path(f"{name}s/add/", ObjectEditView.as_view(registry=cls), name=f"{name}_add"),
                path(
                    f"{name}s/<int:pk>/edit/",
                    ObjectEditView.as_view(registry=cls),
                    name=f"{name}_edit",
                ),
            ]
        if cls.importer_class is not None:
            from santisuk.core.import_views import ImportView

            patterns.append(
                path(
                    f"{name}s/import/",
                    ImportView.as_view(
                        importer_class=cls.importer_class,
                        list_url_name=f"{cls.model._meta.app_label}:{name}_list",
                    ),
                    name=f"{name}_import",
                )
            )
        return patterns


class RegistryViewMixin(RestrictedMixin):
    registry: type[Registry] = Registry

    @property
    def model(self):  # type: ignore[override]
        return self.registry.model

    def get_queryset(self):
        qs = super().get_queryset()
        if self.registry.select_related:
            qs = qs.select_related(*self.registry.select_related)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        user = self.request.user
        name = self.registry.name()
        app = meta.app_label
        context.update(
            {
                "meta": meta,
                "verbose_name": meta.verbose_name,
                "verbose_name_plural": meta.verbose_name_plural,
                "list_url": reverse(f"{app}:{name}_list"),
                "can_add": self.registry.form_class is not None
                and user.has_perm(f"{app}.add_{meta.model_name}"),
                "can_change": self.registry.form_class is not None
                and user.has_perm(f"{app}.change_{meta.model_name}"),
                "add_url_name": f"{app}:{name}_add",
                "edit_url_name": f"{app}:{name}_edit",
                "detail_url_name": f"{app}:{name}_detail",
                "import_url": reverse(f"{app}:{name}_import")
                if self.registry.importer_class is not None
                and user.has_perms(self.registry.importer_class.permissions())
                else "",
            }
        )
        return context


class ObjectListView(RegistryViewMixin, generic.TemplateView):
    def get_template_names(self):
        return [self.registry.list_template]

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        filterset = None
        if self.registry.filterset_class is not None:
            filterset = self.registry.filterset_class(
                request.GET or None, queryset=queryset, request=request
            )
            queryset = filterset.qs if filterset.is_bound else queryset
            if filterset.is_bound and not filterset.is_valid():
                queryset = queryset.none()
        fmt = request.GET.get("export")
        if fmt in FORMATS and self.registry.export_columns:
            return export_response(
                queryset.iterator(chunk_size=2000),
                self.registry.export_columns,
                fmt,
                str(self.model._meta.verbose_name_plural).replace(" ", "_"),
            )
        context = self.get_context_data(filterset=filterset, **kwargs)
        if self.registry.table_class is not None:
            table = self.registry.table_class(queryset)
            RequestConfig(request, paginate={"per_page": self.registry.paginate_by}).configure(
                table
            )
            context["table"] = table
        context["object_list"] = queryset
        context["export_formats"] = FORMATS if self.registry.export_columns else ()
        return self.render_to_response(context)


class ObjectDetailView(RegistryViewMixin, generic.DetailView):
    context_object_name = "object"

    def get_template_names(self):
        meta = self.model._meta
        names = [f"{meta.app_label}/{meta.model_name}_detail.html"]
        if self.registry.detail_template:
            names.insert(0, self.registry.detail_template)
        return [*names, "core/object_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["fields"] = [
            (f.verbose_name, _display(obj, f))
            for f in obj._meta.fields
            if f.name not in ("id", "search_name", "path") and f.editable
        ]
        return context


def _display(obj, field) -> Any:
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    return getattr(obj, field.name)


class ObjectEditView(RegistryViewMixin, generic.UpdateView):
    template_name = "core/object_edit.html"

    @property
    def action(self):  # type: ignore[override]
        return "change" if "pk" in self.kwargs else "add"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, "change")

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_form_class(self):
        return self.registry.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_success_url(self):
        meta = self.model._meta
        return reverse(f"{meta.app_label}:{self.registry.name()}_detail", args=[self.object.pk])


def get_restricted_or_404(model: type[models.Model], user: Any, pk: Any, action: str = "view"):
    try:
        return model.objects.restrict(user, action).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
