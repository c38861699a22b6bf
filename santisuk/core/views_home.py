from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from santisuk.core.scope import Scope


class HomeView(LoginRequiredMixin, TemplateView):
    """The home dashboard: what this user can reach and the figures of their scope."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from santisuk.core.dashboard import tiles_for

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tiles"] = tiles_for(user)
        # The scope as the user reads it, in their language (the effective scope may come from
        # the role, so the model field's get_..._display is not enough).
        choices = dict(user._meta.get_field("scope").flatchoices)
        scope = Scope.NATIONAL if user.is_superuser else user.effective_scope
        context["scope_label"] = choices.get(scope, scope)
        return context


class AppHomeView(LoginRequiredMixin, View):
    """``/<app>/`` on its own: the app's first page this user may open, else the home page, so a
    shortened address never ends on "page not found"."""

    app_label = ""

    def get(self, request):
        from santisuk.core.navigation import app_entries

        for item in app_entries(self.app_label):
            if request.user.has_perm(item.permission):
                return redirect(item.url_name)
        return redirect("core:home")
