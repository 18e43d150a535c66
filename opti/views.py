import logging
import secrets
import sys
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from igs.models import Project
from profiles.models import CoordinatorProfile
from profiles.throttle import rate_limit_minutes, rate_limited, render_form_page
from regions.cache import content_version
from regions.map import Atlas

from .forms import SignupForm, SubscribeForm
from .lookup import lookup
from .mail import send_templated_mail
from .models import (
    UNSUBSCRIBE_SALT,
    DuplicateSignup,
    Edition,
    Newsletter,
    Page,
    Signup,
    Subscription,
    SubsidyProgramme,
    SubsidyRound,
)

SIGNUP_SALT = "opti.grensbrekers.signup"
SIGNUP_PAGE_MAX_AGE = timedelta(days=1)
CONFIRM_SALT = "opti.newsletter.confirm"
CONFIRM_MAX_AGE = timedelta(days=7)

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    atlas = Atlas()
    network_map, legend = atlas.by_group("network")
    return render(
        request,
        "opti/home.html",
        {
            "figures": atlas.figures(),
            "map": network_map,
            "legend": legend,
            "profile": CoordinatorProfile.objects.for_home_page().first(),
            "project": Project.objects.for_home_page().first(),
            "next_round": SubsidyRound.objects.next_deadline(),
        },
    )


@require_safe
def search(request):
    result = lookup(request.GET.get("q", ""))
    if result.redirect_to:
        return redirect(result.redirect_to)
    return render(request, "opti/search.html", {"lookup": result})


@require_safe
def page(request, slug):
    retention = {
        "signup_days": settings.SIGNUP_RETENTION_DAYS,
        "unconfirmed_days": settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS,
        "confirm_days": CONFIRM_MAX_AGE.days,
        "rate_limit_minutes": rate_limit_minutes(),
    }
    return render(request, "opti/page.html", {"page": get_object_or_404(Page, slug=slug), "retention": retention})


@require_safe
def about_data(request):
    return render(request, "opti/about_data.html")


@require_safe
def subsidies(request):
    today = timezone.localdate()
    return render(
        request,
        "opti/subsidies.html",
        {
            "open_rounds": SubsidyRound.objects.open_now(today),
            "upcoming_rounds": SubsidyRound.objects.upcoming(today),
            "past_rounds": SubsidyRound.objects.past(today)[:10],
            "programmes": SubsidyProgramme.objects.all(),
        },
    )


def invalid_link(request, *, expired, retry_url):
    return render(request, "opti/invalid_link.html", {"expired": expired, "retry_url": retry_url}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def grensbrekers(request):
    today = timezone.localdate()
    editions = list(Edition.objects.for_grensbrekers_page())
    for edition in editions:
        edition.state = edition.signup_state(today)
    open_editions = [edition for edition in editions if edition.state == "open"]
    form = SignupForm(request.POST or None, open_editions=open_editions)
    limited = request.method == "POST" and rate_limited(request, "grensbrekers")
    if request.method == "POST" and not limited and form.is_valid():
        signup = form.save(commit=False)
        try:
            form.cleaned_data["edition"].add_signup(signup)
        except DuplicateSignup:
            form.add_error(
                "email",
                "Met dit e-mailadres is al iemand ingeschreven voor deze editie. "
                "De bevestiging staat in de mailbox van dat adres.",
            )
        else:
            send_templated_mail(
                to=signup.email,
                subject=f"Je inschrijving voor {signup.edition}",
                template="signup",
                context={"signup": signup, "site_url": request.build_absolute_uri("/")},
            )
            return redirect("opti:grensbrekers_signup", signing.dumps(signup.pk, salt=SIGNUP_SALT))
    context = {
        "editions": [edition for edition in editions if edition.ends_on >= today],
        "past_editions": [edition for edition in reversed(editions) if edition.ends_on < today],
        "open_editions": open_editions,
        "form": form,
        "content_version": content_version(),
    }
    return render_form_page(request, "opti/grensbrekers.html", context, rate_limited=limited)


@never_cache  # personal data: never in a shared cache
@require_safe
def grensbrekers_signup(request, token):
    try:
        pk = signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_PAGE_MAX_AGE)
    except signing.BadSignature as error:
        return invalid_link(
            request, expired=isinstance(error, signing.SignatureExpired), retry_url=reverse("opti:grensbrekers")
        )
    signup = get_object_or_404(Signup.objects.select_related("edition", "municipality"), pk=pk)
    return render(request, "opti/grensbrekers_signup.html", {"signup": signup})


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter(request):
    form = SubscribeForm(request.POST or None)
    limited = request.method == "POST" and rate_limited(request, "newsletter")
    if request.method == "POST" and not limited and form.is_valid():
        email, newsletters = form.cleaned_data["email"], form.cleaned_data["newsletters"]
        # Known or new, confirmed or not: the visitor gets the same answer and the address the same e-mail.
        Subscription.objects.request(email, newsletters)
        token = signing.dumps({"email": email, "newsletters": newsletters}, salt=CONFIRM_SALT)
        send_templated_mail(
            to=email,
            subject="Bevestig je inschrijving op de nieuwsbrief van OP/TIL",
            template="newsletter_confirm",
            context={
                "newsletters": [Newsletter(name).label for name in newsletters],
                "confirm_url": request.build_absolute_uri(reverse("opti:newsletter_confirm", args=[token])),
                "unsubscribe_url": request.build_absolute_uri(Subscription(email=email).get_unsubscribe_url()),
                "days": CONFIRM_MAX_AGE.days,
            },
        )
        return redirect("opti:newsletter_sent")
    return render_form_page(request, "opti/newsletter.html", {"form": form}, rate_limited=limited)


@require_safe
def newsletter_sent(request):
    return render(request, "opti/newsletter_sent.html", {"days": CONFIRM_MAX_AGE.days})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request, token):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:
        return invalid_link(
            request, expired=isinstance(error, signing.SignatureExpired), retry_url=reverse("opti:newsletter")
        )
    email, newsletters = data["email"], data["newsletters"]
    subscriptions = Subscription.objects.filter(email__iexact=email, newsletter__in=newsletters)
    if request.method == "POST":
        with transaction.atomic():
            # The unconfirmed rows may have been purged meanwhile: add them again.
            Subscription.objects.request(email, newsletters)
            subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        return redirect(request.path)
    confirmed = subscriptions.filter(confirmed_at__isnull=False).count() == len(newsletters)
    return render(
        request,
        "opti/newsletter_confirm.html",
        {"email": email, "newsletters": [Newsletter(name).label for name in newsletters], "confirmed": confirmed},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe(request, token):
    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return invalid_link(request, expired=False, retry_url=reverse("opti:newsletter"))
    subscriptions = Subscription.objects.filter(email__iexact=email)
    if request.method == "POST":
        subscriptions.delete()
        return redirect(request.path)
    return render(request, "opti/newsletter_unsubscribe.html", {"email": email, "subscriptions": list(subscriptions)})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /grensbrekers/inschrijving/",
        "Disallow: /nieuwsbrief/bevestigen/",
        "Disallow: /nieuwsbrief/uitschrijven/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, or the 503 page when the database cannot be reached. Renders without the database."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.warning("Database unavailable: answering 503")
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    # Without the cache the site still answers, only slower: report it, but keep the instance in service.
    probe = f"healthz:{secrets.token_hex(8)}"
    cache.set(probe, True, timeout=5)
    if not cache.get(probe):
        return JsonResponse({"status": "degraded", "database": "ok", "cache": "unreachable"})
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
