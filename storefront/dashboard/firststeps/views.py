"""The first-steps screens: the list of steps, one step's form, and "finished"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from staff.audit import record_owner_action
from staff.models import OwnerActionKind

from . import steps
from .forms import STEP_FORMS


class FirstStepsView(generic.TemplateView):
    """Every step with what it is for and whether it is done, and where to carry on."""

    template_name = "storefront/dashboard/first_steps.html"

    def get_context_data(self, **kwargs):
        progress = steps.progress()
        return super().get_context_data(
            steps=progress,
            done_count=sum(done for _step, done in progress),
            total=len(progress),
            next_step=steps.next_open_step(),
            **kwargs,
        )


class FirstStepView(generic.FormView):
    """One step: its short form, "save and continue" to the next open step, or "skip for now"."""

    template_name = "storefront/dashboard/first_step.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.step = steps.step_named(kwargs["slug"])
        except LookupError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return STEP_FORMS[self.step.slug]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            step=self.step, number=steps.STEPS.index(self.step) + 1, total=len(steps.STEPS), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "skip" in request.POST:
            return self.carry_on()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        form.save()
        record_owner_action(self.request.user, OwnerActionKind.SETTINGS_CHANGED, str(self.step.title))
        messages.success(self.request, _("Saved: %(step)s.") % {"step": self.step.title})
        return self.carry_on()

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the errors below."))
        return super().form_invalid(form)

    def carry_on(self):
        following = steps.next_open_step(after=self.step)
        if following is None or following == self.step:
            return redirect("dashboard:first-steps")
        return redirect("dashboard:first-step", slug=following.slug)


class FinishFirstStepsView(generic.View):
    """ "Finished" (or "the rest later"): "Hari ini" stops offering the first steps."""

    def post(self, request):
        steps.finish_first_steps()
        return redirect("dashboard:index")
