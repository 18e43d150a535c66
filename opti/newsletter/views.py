from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from opti.lib.mail import send_templated_mail
from opti.lib.signing import invalid_link, signed_link, signed_url
from opti.lib.throttle import mail_allowed, rate_limited, render_form_page

from .forms import SubscribeForm
from .models import UNSUBSCRIBE_SALT, Newsletter, Subscription

CONFIRM_SALT = "opti.newsletter.confirm"
CONFIRM_MAX_AGE = timedelta(days=settings.CONFIRM_LINK_DAYS)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    form = SubscribeForm(request.POST or None)
    limited = request.method == "POST" and rate_limited(request, "newsletter")
    if request.method == "POST" and not limited and form.is_valid():
        email, newsletters = form.cleaned_data["email"], form.cleaned_data["newsletters"]
        # Known or new, confirmed or not: the visitor gets the same answer and the address the same e-mail, at most
        # one an hour. The link names the rows it confirms: after an unsubscribe (which deletes them) it does nothing.
        ids = Subscription.objects.request(email, newsletters)
        confirm_path = signed_url(
            "newsletter:confirm", {"email": email, "newsletters": newsletters, "ids": ids}, salt=CONFIRM_SALT
        )
        if mail_allowed("newsletter-confirmation", email):
            send_templated_mail(
                to=email,
                subject="Bevestig je inschrijving op de nieuwsbrief van OP/TIL",
                template="newsletter/email/confirm",
                context={
                    "newsletters": [Newsletter(name).label for name in newsletters],
                    "confirm_url": request.build_absolute_uri(confirm_path),
                    "unsubscribe_url": request.build_absolute_uri(Subscription(email=email).get_unsubscribe_url()),
                    "days": CONFIRM_MAX_AGE.days,
                },
            )
        return redirect("newsletter:sent")
    return render_form_page(request, "newsletter/index.html", {"form": form}, rate_limited=limited)


@require_safe
def sent(request):
    return render(request, "newsletter/sent.html", {"days": CONFIRM_MAX_AGE.days})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE, retry="newsletter:index")
def confirm(request, data):
    email, newsletters, ids = data["email"], data["newsletters"], data.get("ids", [])
    subscriptions = Subscription.objects.filter(pk__in=ids, email__iexact=email)
    if len(subscriptions) < len(newsletters):  # unsubscribed since, or never confirmed in time (and purged)
        return invalid_link(request, retry="newsletter:index", expired=True, status=404)
    if request.method == "POST":
        subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        return redirect(request.path)
    return render(
        request,
        "newsletter/confirm.html",
        {
            "email": email,
            "newsletters": [Newsletter(name).label for name in newsletters],
            "confirmed": all(subscription.confirmed_at for subscription in subscriptions),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=UNSUBSCRIBE_SALT, retry="newsletter:index")
def unsubscribe(request, email):
    subscriptions = Subscription.objects.filter(email__iexact=email)
    if request.method == "POST":
        # One newsletter (the button next to it), or every one (the button without a value).
        if request.POST.get("newsletter") in Newsletter.values:
            newsletter = Newsletter(request.POST["newsletter"])
            if subscriptions.filter(newsletter=newsletter).delete()[0]:
                messages.success(request, f"Je bent uitgeschreven voor de {newsletter.label.lower()}.")
        else:
            subscriptions.delete()
        return redirect(request.path)
    return render(request, "newsletter/unsubscribe.html", {"email": email, "subscriptions": list(subscriptions)})
