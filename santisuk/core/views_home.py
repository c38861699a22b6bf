from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class HomeView(LoginRequiredMixin, TemplateView):
    """The home dashboard: what this user can reach and the figures of their scope."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from santisuk.core.dashboard import tiles_for

        context = super().get_context_data(**kwargs)
        context["tiles"] = tiles_for(self.request.user)
        return context
