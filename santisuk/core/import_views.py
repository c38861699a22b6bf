"""Bulk import in the browser: upload a CSV, see what it would do, confirm, see what it did.

The preview is a dry run of the very importer the command line uses. Between the preview and the
confirmation the uploaded file waits in a private temporary file under ``var/imports``; the
session holds only a random token for it, so a user can only commit a file they uploaded.
"""

from __future__ import annotations

import io
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from santisuk.audit.services import event_record
from santisuk.core.imports import CREATE, REJECT, UNCHANGED, UPDATE, Importer

SESSION_KEY = "santisuk_imports"
MAX_AGE_SECONDS = 24 * 3600
PREVIEW_ERRORS = 500


def upload_dir() -> Path:
    path = Path(getattr(settings, "IMPORT_UPLOAD_DIR", settings.VAR_DIR / "imports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 100 * 1024 * 1024))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 text, the first line naming the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": max_upload_bytes() // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ImportView(LoginRequiredMixin, View):
    """Configure with ``importer_class`` and, optionally, ``list_url_name`` (where to go after),
    ``title`` and ``template_name``: ``ImportView.as_view(importer_class=OfficerImporter,
    list_url_name="org:officer_list")``."""

    importer_class: type[Importer] = Importer
    list_url_name: str = ""
    title: Any = ""
    template_name = "core/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perms(self.importer_class.permissions()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # -- pages
    def get(self, request, *args, **kwargs):
        token = request.GET.get("rejects")
        if token:
            return self.rejects_download(token)
        return self.page("upload", form=UploadForm())

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step", "upload")
        if step == "commit":
            return self.commit()
        if step == "cancel":
            self.forget(request.POST.get("token", ""))
            return self.page("upload", form=UploadForm())
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page("upload", form=form, status=400)
        token, path = self.keep(form.cleaned_data["file"])
        result = self.importer().run(path, dry_run=True, progress=False)
        return self.page(
            "preview", result=result, token=token, filename=form.cleaned_data["file"].name
        )

    def commit(self):
        token = self.request.POST.get("token", "")
        entry = self.stored(token)
        if entry is None:
            return self.page(
                "upload",
                form=UploadForm(),
                expired=True,
                status=400,
            )
        skip_invalid = self.request.POST.get("skip_invalid") == "1"
        result = self.importer().run(entry["path"], skip_invalid=skip_invalid, progress=False)
        if result.committed:
            self.forget(token)
            self.record_event(result, entry["name"])
        return self.page("result", result=result, token=token, filename=entry["name"])

    def rejects_download(self, token: str) -> HttpResponse:
        entry = self.stored(token)
        if entry is None:
            return self.page("upload", form=UploadForm(), expired=True, status=404)
        out = io.StringIO()
        out.write("\ufeff")  # spreadsheet programs then read Khmer as UTF-8
        self.importer().run(entry["path"], dry_run=True, rejects=out, progress=False)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        stem = Path(entry["name"]).stem or "import"
        response["Content-Disposition"] = f'attachment; filename="{stem}-rejects.csv"'
        return response

    # -- helpers
    def importer(self) -> Importer:
        return self.importer_class(actor=self.request.user)

    def page(self, step: str, status: int = 200, **context):
        result = context.get("result")
        list_url = ""
        if self.list_url_name:
            try:
                list_url = reverse(self.list_url_name)
            except NoReverseMatch:
                list_url = ""
        context.update(
            {
                "step": step,
                "title": self.title
                or _("Import %(things)s") % {"things": self.importer_class.verbose_name()},
                "columns": self.importer_class.columns,
                "key": self.importer_class.key,
                "list_url": list_url,
                "sample_size": self.importer_class.sample_size,
            }
        )
        if result is not None:
            context["shown_errors"] = result.errors[:PREVIEW_ERRORS]
            context["hidden_errors"] = result.error_count - len(context["shown_errors"])
            context["sample_rows"] = [
                row
                for action in (CREATE, UPDATE, UNCHANGED, REJECT)
                for row in result.samples.get(action, [])
            ]
            context["good_rows"] = result.created + result.updated + result.unchanged
        return render(self.request, self.template_name, context, status=status)

    def keep(self, upload) -> tuple[str, str]:
        self.sweep()
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept on disk
            dir=upload_dir(), prefix="import-", suffix=".csv", delete=False
        )
        with handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        token = secrets.token_urlsafe(16)
        entries = self.request.session.get(SESSION_KEY, {})
        entries[token] = {
            "path": handle.name,
            "name": Path(upload.name).name,
            "importer": f"{self.importer_class.__module__}.{self.importer_class.__qualname__}",
            "at": time.time(),
        }
        self.request.session[SESSION_KEY] = entries
        return token, handle.name

    def stored(self, token: str) -> dict | None:
        entry = self.request.session.get(SESSION_KEY, {}).get(token)
        importer = f"{self.importer_class.__module__}.{self.importer_class.__qualname__}"
        if not entry or entry.get("importer") != importer or not Path(entry["path"]).is_file():
            return None
        return entry

    def forget(self, token: str) -> None:
        entries = self.request.session.get(SESSION_KEY, {})
        entry = entries.pop(token, None)
        if entry is not None:
            Path(entry["path"]).unlink(missing_ok=True)
            self.request.session[SESSION_KEY] = entries

    @staticmethod
    def sweep() -> None:
        """Remove uploads left unconfirmed for a day (a closed tab, an abandoned preview)."""
        cutoff = time.time() - MAX_AGE_SECONDS
        for path in upload_dir().glob("import-*.csv"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except FileNotFoundError:
                continue

    def record_event(self, result, filename: str) -> None:
        """The change log already has every row; this event says that they came as one import."""
        meta = self.importer_class.model._meta
        event_record(
            name=f"{meta.model_name}.imported",
            data={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
        )
