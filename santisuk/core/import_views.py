"""Bulk import in the browser: upload a CSV, see what it would do, confirm, see what it did.

The preview is a dry run of the very importer the command line uses, with the same options (an
importer's ``upload_fields``: a second file, a flag). Between the preview and the confirmation the
uploaded files wait, under their own names, in a private temporary folder under ``var/imports``;
the session holds only a random token for it, so a user can only commit files they uploaded.
"""

from __future__ import annotations

import io
import secrets
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
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


def _remove(path: Path) -> None:
    """An upload's folder, or a single uploaded file, gone (quietly if it already is)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 text, the first line naming the columns."),
    )

    def __init__(self, *args: Any, extra_fields: dict[str, forms.Field] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(extra_fields or {})

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, UploadedFile):
                if value.size > max_upload_bytes():
                    self.add_error(
                        name,
                        _("The file is larger than %(limit)d MB.")
                        % {"limit": max_upload_bytes() // (1024 * 1024)},
                    )
                elif value.size == 0:
                    self.add_error(name, _("The file is empty."))
        return data

    def uploads(self) -> dict[str, UploadedFile]:
        return {n: v for n, v in self.cleaned_data.items() if isinstance(v, UploadedFile)}

    def options(self) -> dict[str, Any]:
        """The values of the other fields (flags), as ``run`` takes them."""
        return {
            n: v
            for n, v in self.cleaned_data.items()
            if n != "file" and not isinstance(v, UploadedFile) and v not in (None, "")
        }


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
        return self.page("upload", form=self.form())

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step", "upload")
        if step == "commit":
            return self.commit()
        if step == "cancel":
            self.forget(request.POST.get("token", ""))
            return self.page("upload", form=self.form())
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.page("upload", form=form, status=400)
        token, entry = self.keep(form)
        result = self.importer().run(
            entry["path"], dry_run=True, progress=False, **self.run_options(entry)
        )
        return self.page("preview", result=result, token=token, files=self.names(entry))

    def commit(self):
        token = self.request.POST.get("token", "")
        entry = self.stored(token)
        if entry is None:
            return self.page("upload", form=self.form(), expired=True, status=400)
        skip_invalid = self.request.POST.get("skip_invalid") == "1"
        result = self.importer().run(
            entry["path"], skip_invalid=skip_invalid, progress=False, **self.run_options(entry)
        )
        if result.committed:
            self.forget(token)
            self.record_event(result, ", ".join(self.names(entry)))
        return self.page("result", result=result, token=token, files=self.names(entry))

    def rejects_download(self, token: str) -> HttpResponse:
        entry = self.stored(token)
        if entry is None:
            return self.page("upload", form=self.form(), expired=True, status=404)
        stem = Path(entry["name"]).stem or "import"
        # A file of rejected rows per uploaded file that has some (the cases and their people):
        # one is sent as it is, several in a ZIP.
        with tempfile.TemporaryDirectory(dir=upload_dir()) as folder:
            self.importer().run(
                entry["path"],
                dry_run=True,
                rejects=Path(folder) / f"{stem}-rejects.csv",
                progress=False,
                **self.run_options(entry),
            )
            written = sorted(Path(folder).iterdir())
            if len(written) == 1:
                response = HttpResponse(
                    written[0].read_bytes(), content_type="text/csv; charset=utf-8"
                )
                name = written[0].name
            else:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                    for path in written:
                        archive.write(path, path.name)
                response = HttpResponse(out.getvalue(), content_type="application/zip")
                name = f"{stem}-rejects.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    # -- helpers
    def importer(self) -> Importer:
        return self.importer_class(actor=self.request.user)

    def form(self, *args: Any) -> UploadForm:
        return UploadForm(*args, extra_fields=self.importer_class.upload_fields())

    @staticmethod
    def run_options(entry: dict) -> dict[str, Any]:
        """The importer's own options of an upload: its other files' paths and its flags."""
        return {**entry.get("files", {}), **entry.get("options", {})}

    @staticmethod
    def names(entry: dict) -> list[str]:
        """The names of an upload's files as the user sent them."""
        return [entry["name"], *entry.get("names", {}).values()]

    def page(self, step: str, status: int = 200, **context):
        result = context.get("result")
        list_url = ""
        if self.list_url_name:
            try:
                list_url = reverse(self.list_url_name)
            except NoReverseMatch:
                list_url = ""
        if "files" in context:
            context["filename"] = ", ".join(context["files"])
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
            context["several_files"] = len(context.get("files", ())) > 1
        return render(self.request, self.template_name, context, status=status)

    def keep(self, form: UploadForm) -> tuple[str, dict]:
        """Store the uploads in a folder of their own, each under its own name (an importer
        names the files in its errors), and remember them in the session under a new token."""
        self.sweep()
        folder = Path(tempfile.mkdtemp(dir=upload_dir(), prefix="import-"))
        paths: dict[str, str] = {}
        names: dict[str, str] = {}
        for field, upload in form.uploads().items():
            name = Path(upload.name).name or f"{field}.csv"
            if name in names.values():  # two files of the same name: the second one renamed
                name = f"{field}-{name}"
            target = folder / name
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            paths[field], names[field] = str(target), name
        token = secrets.token_urlsafe(16)
        entry = {
            "path": paths.pop("file"),
            "name": names.pop("file"),
            "files": paths,
            "names": names,
            "options": form.options(),
            "importer": f"{self.importer_class.__module__}.{self.importer_class.__qualname__}",
            "at": time.time(),
        }
        entries = self.request.session.get(SESSION_KEY, {})
        entries[token] = entry
        self.request.session[SESSION_KEY] = entries
        return token, entry

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
            folder = Path(entry["path"]).parent
            if folder.name.startswith("import-") and folder.parent == upload_dir():
                _remove(folder)
            else:  # an upload kept before uploads had a folder each
                _remove(Path(entry["path"]))
            self.request.session[SESSION_KEY] = entries

    @staticmethod
    def sweep() -> None:
        """Remove uploads left unconfirmed for a day (a closed tab, an abandoned preview)."""
        cutoff = time.time() - MAX_AGE_SECONDS
        for path in upload_dir().glob("import-*"):
            try:
                if path.stat().st_mtime < cutoff:
                    _remove(path)
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
