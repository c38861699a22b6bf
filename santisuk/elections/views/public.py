"""Public notices: drafting, approval by a second person, publication, public page and feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from santisuk.core.views import get_restricted_or_404
from santisuk.elections import services
from santisuk.elections.forms import NoticeForm
from santisuk.elections.models import Notice, NoticeVersion
from santisuk.elections.services.notices import published_versions


def _notice_redirect(pk):
    return HttpResponseRedirect(reverse("elections:notice_detail", args=[pk]))


class NoticeEditView(LoginRequiredMixin, View):
    template_name = "elections/notice_edit.html"

    def _notice(self, request, pk):
        if pk is None:
            if not request.user.has_perm("elections.add_notice"):
                raise PermissionDenied
            return None
        if not request.user.has_perm("elections.change_notice"):
            raise PermissionDenied
        return get_restricted_or_404(Notice, request.user, pk, "change")

    def get(self, request, pk=None):
        notice = self._notice(request, pk)
        form = NoticeForm(instance=notice, user=request.user)
        return render(request, self.template_name, {"form": form, "object": notice})

    def post(self, request, pk=None):
        notice = self._notice(request, pk)
        form = NoticeForm(request.POST, instance=notice, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            incidents = data.pop("incidents")
            try:
                if notice is None:
                    notice = services.notice_create(actor=request.user, incidents=incidents, **data)
                else:
                    # The form already wrote its values on the instance: compare with the saved row.
                    notice = Notice.objects.get(pk=notice.pk)
                    services.notice_update(
                        notice=notice, actor=request.user, incidents=incidents, **data
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return _notice_redirect(notice.pk)
        return render(request, self.template_name, {"form": form, "object": notice})


class NoticeActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ("approve", "publish") or not request.user.has_perm(
            "elections.approve_notice"
        ):
            raise PermissionDenied
        notice = get_restricted_or_404(Notice, request.user, pk, "change")
        try:
            if action == "approve":
                services.notice_approve(notice=notice, actor=request.user)
                messages.success(request, _("Notice approved."))
            else:
                services.notice_publish(notice=notice, actor=request.user)
                messages.success(request, _("Notice published."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _notice_redirect(pk)


def _text(version: NoticeVersion, field: str) -> str:
    khmer = (get_language() or "").startswith("km")
    return getattr(version, f"{field}_km" if khmer else f"{field}_en")


class PublicNoticesView(View):
    """The public page: the latest published version of each notice, no login."""

    def get(self, request):
        return render(request, "elections/public_notices.html", {"versions": published_versions()})


class PublicNoticeView(View):
    def get(self, request, pk):
        version = get_object_or_404(NoticeVersion, pk=pk)
        history = version.notice.versions.order_by("-version")
        return render(
            request,
            "elections/public_notice.html",
            {"version": version, "history": history},
        )


class NoticeFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Santisuk — election security notices")
    subtitle = gettext_lazy("Public notices of the Permanent Security Command for elections")

    def link(self):
        return reverse("elections:public_notices")

    def items(self):
        return published_versions()[:50]

    def item_title(self, item):
        return f"{item.title_en} / {item.title_km}"

    def item_description(self, item):
        return f"{item.body_en}\n\n{item.body_km}"

    def item_link(self, item):
        return reverse("elections:public_notice", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
