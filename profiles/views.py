import base64
import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .forms import LoginForm, ProfileForm
from .models import CoordinatorProfile
from .throttle import rate_limited, render_form_page

# A photo chosen for a preview waits here, in the coordinator's session, until the profile is saved: browsers do
# not keep a chosen file when the form comes back.
PENDING_PHOTO = "profiles:pending-photo"


def get_own_profile_or_404(request):
    return get_object_or_404(CoordinatorProfile.objects.for_user(request.user))


def log_change(request, profile, message):
    """Note the coordinator's change in the profile's admin history, as the admin does for editors."""
    LogEntry.objects.log_actions(request.user.pk, [profile], CHANGE, change_message=message, single_object=True)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request):
    try:
        profile = get_own_profile_or_404(request)
    except Http404:
        if request.user.is_staff:
            return redirect("admin:index")
        raise
    preview, pending_photo = profile, None
    if request.method == "POST":
        # The form edits a copy, so that `profile` stays as saved (shown when the form has errors).
        form = ProfileForm(request.POST, request.FILES, instance=copy.copy(profile))
        if form.is_valid():
            if "photo" in form.changed_data:  # a new photo (as JPEG, base64), or "" for the photo removed
                new = form.cleaned_data["photo"]
                request.session[PENDING_PHOTO] = base64.b64encode(new.read()).decode() if new else ""
            pending_photo = request.session.get(PENDING_PHOTO)
            if pending_photo is not None:
                photo = base64.b64decode(pending_photo)
                form.instance.photo = ContentFile(photo, name="upload.jpg") if photo else None
            if request.POST.get("action") != "preview":
                form.save()
                request.session.pop(PENDING_PHOTO, None)
                if form.has_changed():
                    log_change(request, form.instance, construct_change_message(form, [], False))
                messages.success(request, "Je profiel is opgeslagen.")
                return redirect("profiles:profile")
            preview = form.instance
    else:
        request.session.pop(PENDING_PHOTO, None)
        form = ProfileForm(instance=profile)
    return render(
        request,
        "profiles/profile_edit.html",
        {
            "profile": profile,
            "preview": preview,
            "previewing": preview is not profile,
            "pending_photo": pending_photo and f"data:image/jpeg;base64,{pending_photo}",
            "form": form,
        },
    )


@require_POST
@login_required
def profile_confirm(request):
    profile = get_own_profile_or_404(request)
    profile.confirm()
    log_change(request, profile, "Gegevens bevestigd door de coördinator.")
    messages.success(request, "Bedankt! We noteerden dat je gegevens kloppen.")
    return redirect("profiles:profile")


class LoginView(auth_views.LoginView):
    """Django's login with the throttled form; a refused attempt answers 429, like the public forms' rate limit."""

    form_class = LoginForm
    template_name = "profiles/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
            response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset under the public forms' rate limit, since every post may send an e-mail."""

    def post(self, request, *args, **kwargs):
        if not rate_limited(request, "password-reset"):
            return super().post(request, *args, **kwargs)
        context = self.get_context_data(form=self.get_form())
        return render_form_page(request, self.template_name, context, rate_limited=True)


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (the button in the header); a GET, from someone who typed /afmelden/, shows a page
    with that button."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "profiles/logout.html"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "Je bent afgemeld.")
        return response
