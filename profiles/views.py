import base64
import copy
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods, require_POST

from opti.lib.throttle import mail_allowed, rate_limited, render_form_page, throttled_status

from .forms import LoginForm, NetworkDetailsForm, PasswordResetForm, ProfileForm, send_password_reset
from .models import CoordinatorProfile

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


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def network_edit(request):
    """The coordinator keeps their own IGS's public description and contact details, with a preview first."""
    network = get_own_profile_or_404(request).network
    # The form edits a copy, so that `network` stays as saved (shown when the form has errors).
    form = NetworkDetailsForm(request.POST or None, instance=copy.copy(network))
    preview = network
    if form.is_bound and form.is_valid():
        if request.POST.get("action") != "preview":
            if changed := [name for name in form.changed_data if name in form._meta.fields]:
                form.instance.save(update_fields=changed)
                log_change(request, network, describe_changes(form, network, changed))
            messages.success(request, f"De gegevens van {network.name} zijn opgeslagen.")
            return redirect("profiles:network")
        preview = form.instance
    return render(
        request,
        "profiles/network_edit.html",
        {"network": network, "preview": preview, "previewing": preview is not network, "form": form},
    )


def describe_changes(form, before, changed):
    """The admin history's note of a coordinator's change, with the old and the new value of each field, so that
    editors see what changed and not only which fields."""

    def shown(value):
        return f"“{Truncator(value).chars(200)}”" if value else "leeg"

    changes = (
        f"{form.instance._meta.get_field(name).verbose_name}: {shown(getattr(before, name))} → "
        f"{shown(getattr(form.instance, name))}"
        for name in changed
    )
    return "Gewijzigd door de coördinator: " + "; ".join(changes) + "."


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
    redirect_authenticated_user = True

    def get_redirect_url(self):
        """The safe `next` URL, unless it leads back to this page (a loop for a logged-in user): then the profile."""
        url = super().get_redirect_url()
        return "" if urlsplit(url).path == self.request.path else url

    def form_invalid(self, form):
        return throttled_status(super().form_invalid(form), form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset under the public forms' rate limit, since every post may send an e-mail, and at
    most one mail per address an hour. The accounts are looked up and the mail sent by a task (send_password_reset),
    so that the answer takes as long for an address without an account."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("profiles:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not rate_limited(request, "password-reset"):
            return super().post(request, *args, **kwargs)
        context = self.get_context_data(form=self.get_form())
        return render_form_page(request, self.template_name, context, rate_limited=True)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if mail_allowed("password-reset", email):
            send_password_reset.enqueue(email=email, domain=self.request.get_host(), use_https=self.request.is_secure())
        return redirect(self.success_url)


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (the button in the header); a GET, from someone who typed /afmelden/, shows a page
    with that button."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "profiles/logout.html"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "Je bent afgemeld.")
        return response
