from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from opti.lib.cache import content_version
from opti.lib.calendar import CalendarEvent, calendar_response
from opti.lib.mail import send_templated_mail
from opti.lib.signing import invalid_link, signed_link, signed_url
from opti.lib.throttle import mail_allowed, rate_limited, render_form_page

from .forms import InterestForm, SignupForm
from .models import CANCEL_SALT, CONFIRMATION_PERIOD, INTEREST_UNSUBSCRIBE_SALT, Edition, Interest, Signup

SIGNUP_SALT = "opti.grensbrekers.signup"
INTEREST_CONFIRM_SALT = "opti.grensbrekers.interest.confirm"
INTEREST_CONFIRM_MAX_AGE = timedelta(days=settings.CONFIRM_LINK_DAYS)
CONFIRMATION_HOURS = int(CONFIRMATION_PERIOD.total_seconds() // 3600)


def signup_path(signup):
    """The link to a signup's page, where its address is confirmed: it works CONFIRMATION_PERIOD, without login."""
    return signed_url("grensbrekers:signup", signup.pk, salt=SIGNUP_SALT)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    today = timezone.localdate()
    editions = list(Edition.objects.for_grensbrekers_page())
    for edition in editions:
        edition.state = edition.signup_state(today)
    open_editions = [edition for edition in editions if edition.state == "open"]
    form = SignupForm(request.POST or None, open_editions=open_editions)
    limited = request.method == "POST" and rate_limited(request, "grensbrekers")
    if request.method == "POST" and not limited and form.is_valid():
        # Unconfirmed, the signup holds nothing; the mail carries nothing of what was typed in the form, and goes
        # to an address at most once an hour (per edition).
        signup = form.save(commit=False)
        signup.edition = form.cleaned_data["edition"]
        with transaction.atomic():
            signup.save()
            if mail_allowed(f"grensbrekers-confirmation:{signup.edition.pk}", signup.email):
                send_templated_mail(
                    to=signup.email,
                    subject=f"Bevestig je inschrijving voor {signup.edition}",
                    template="grensbrekers/email/confirm",
                    context={
                        "edition": signup.edition,
                        "confirm_url": request.build_absolute_uri(signup_path(signup)),
                        "hours": CONFIRMATION_HOURS,
                    },
                )
        return redirect("grensbrekers:sent")
    context = {
        "editions": [edition for edition in editions if edition.ends_on >= today],
        "past_editions": [edition for edition in reversed(editions) if edition.ends_on < today],
        "open_editions": open_editions,
        "form": form,
        "content_version": content_version(),
    }
    return render_form_page(request, "grensbrekers/index.html", context, rate_limited=limited)


def send_result_mail(request, signup, *, promoted=False):
    """Tell a confirmed signup its place or waitlist position (`promoted`: the place that came free), with the
    link that cancels it."""
    subject = (
        f"Er is een plaats voor je vrijgekomen: {signup.edition}"
        if promoted
        else f"Je inschrijving voor {signup.edition}"
    )
    send_templated_mail(
        to=signup.email,
        subject=subject,
        template="grensbrekers/email/signup",
        context={
            "signup": signup,
            "promoted": promoted,
            "cancel_url": request.build_absolute_uri(signup.get_cancel_url()),
        },
    )


@require_safe
def calendar(request):
    """Every edition, from its start time in Brussels (or as whole days when the time is not known)."""
    url = request.build_absolute_uri(reverse("grensbrekers:index"))
    events = [
        CalendarEvent(
            uid=f"grensbrekers-editie-{edition.pk}",
            summary=f"{'VOORBEELD: ' if edition.is_example else ''}{edition.title}",
            first_day=edition.starts_on,
            last_day=edition.ends_on,
            start_time=edition.start_time,
            modified=edition.updated_at,
            url=url,
            location=", ".join(filter(None, [edition.place, edition.region and f"referentieregio {edition.region}"])),
            description=(
                f"{'Een verzonnen voorbeeldeditie. ' if edition.is_example else ''}Inschrijven kan van "
                f"{date_format(edition.signup_opens_on, 'j F Y')} tot en met "
                f"{date_format(edition.signup_closes_on, 'j F Y')}."
            ),
        )
        for edition in Edition.objects.select_related("region").order_by("starts_on", "pk")
    ]
    return calendar_response("GRENSBREKERS (Regionaal samenwerken)", events, "grensbrekers.ics")


@require_safe
def sent(request):
    return render(request, "grensbrekers/sent.html", {"hours": CONFIRMATION_HOURS})


@never_cache  # personal data: never in a shared cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=SIGNUP_SALT, max_age=CONFIRMATION_PERIOD, retry="grensbrekers:index")
def signup(request, pk):
    """A signup's page: before confirmation what was sent and a button to confirm (a POST, so that a mail scanner
    that opens the link confirms nothing); after it, the place or the waitlist position."""
    try:
        signup = Signup.objects.select_related("edition", "municipality").get(pk=pk)
        if request.method == "POST":
            if signup.status == Signup.Status.UNCONFIRMED:
                held = signup.edition.confirm_signup(signup)
                if held.pk == signup.pk:
                    send_result_mail(request, held)
                else:
                    messages.info(request, "Met dit e-mailadres was je al eerder ingeschreven voor deze editie.")
                signup = held
            return redirect(signup_path(signup))
    except Signup.DoesNotExist:  # unconfirmed for too long, deleted by the editors, or its address confirmed twice
        return invalid_link(request, retry="grensbrekers:index", expired=True, status=404)
    return render(request, "grensbrekers/signup.html", {"signup": signup, "hours": CONFIRMATION_HOURS})


@never_cache  # personal data: never in a shared cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=CANCEL_SALT, retry="grensbrekers:index")
def cancel(request, pk):
    """Cancel a signup through the link in its mails: a page that asks, then a POST. The place goes to the first
    on the waitlist, who is mailed."""
    signup = Signup.objects.select_related("edition", "municipality").filter(pk=pk).first()
    if signup is None:  # cancelled already, deleted by the editors, or past its retention period
        return render(request, "grensbrekers/cancel.html", {"gone": True}, status=404)
    if signup.edition.ends_on < timezone.localdate():
        return render(request, "grensbrekers/cancel.html", {"signup": signup, "past": True})
    if request.method == "POST":
        try:
            promoted = signup.edition.cancel_signup(signup)
        except Signup.DoesNotExist:  # a second click, or another tab, was first
            promoted = []
        for other in promoted:
            send_result_mail(request, other, promoted=True)
        messages.success(
            request, f"Je inschrijving voor {signup.edition} is geannuleerd. We hebben je gegevens gewist."
        )
        return redirect("grensbrekers:index")
    return render(request, "grensbrekers/cancel.html", {"signup": signup})


# "Laat me weten wanneer GRENSBREKERS naar mijn regio komt": a list per reference region, with double opt-in.


@require_http_methods(["GET", "HEAD", "POST"])
def interest(request):
    form = InterestForm(request.POST or None, initial={"region": request.GET.get("regio")})
    limited = request.method == "POST" and rate_limited(request, "grensbrekers-interest")
    if request.method == "POST" and not limited and form.is_valid():
        # Known or new, confirmed or not: the visitor gets the same answer and the address the same e-mail, at most
        # one an hour whatever the region.
        interest = Interest.objects.request(form.cleaned_data["email"], form.cleaned_data["region"])
        if mail_allowed("grensbrekers-interest", interest.email):
            confirm_path = signed_url(
                "grensbrekers:interest_confirm",
                {"id": interest.pk, "email": interest.email},
                salt=INTEREST_CONFIRM_SALT,
            )
            send_templated_mail(
                to=interest.email,
                subject=f"Bevestig: een e-mail als GRENSBREKERS naar {interest.region} komt",
                template="grensbrekers/email/interest_confirm",
                context={
                    "region": interest.region,
                    "confirm_url": request.build_absolute_uri(confirm_path),
                    "unsubscribe_url": request.build_absolute_uri(interest.get_unsubscribe_url()),
                    "days": INTEREST_CONFIRM_MAX_AGE.days,
                },
            )
        return redirect("grensbrekers:interest_sent")
    return render_form_page(request, "grensbrekers/interest.html", {"form": form}, rate_limited=limited)


@require_safe
def interest_sent(request):
    return render(request, "grensbrekers/interest_sent.html", {"days": INTEREST_CONFIRM_MAX_AGE.days})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=INTEREST_CONFIRM_SALT, max_age=INTEREST_CONFIRM_MAX_AGE, retry="grensbrekers:interest")
def interest_confirm(request, data):
    """Opening the link shows a button; the POST confirms (a mail scanner that opens links confirms nothing)."""
    interest = Interest.objects.select_related("region").filter(pk=data["id"], email__iexact=data["email"]).first()
    if interest is None:  # unsubscribed since, or never confirmed in time (and purged)
        return invalid_link(request, retry="grensbrekers:interest", expired=True, status=404)
    if request.method == "POST":
        Interest.objects.filter(pk=interest.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        return redirect(request.path)
    # Confirmed while an edition in the region is already open: the mail about it went out before.
    open_editions = Edition.objects.open_in(interest.region) if interest.confirmed_at else []
    return render(request, "grensbrekers/interest_confirm.html", {"interest": interest, "open_editions": open_editions})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link(salt=INTEREST_UNSUBSCRIBE_SALT, retry="grensbrekers:interest")
def interest_unsubscribe(request, pk):
    interest = Interest.objects.select_related("region").filter(pk=pk).first()
    if request.method == "POST" and interest:
        interest.delete()
        messages.success(request, f"Je krijgt geen e-mail meer over GRENSBREKERS in {interest.region}.")
        return redirect(request.path)
    return render(request, "grensbrekers/interest_unsubscribe.html", {"interest": interest})


def announce(request, edition):
    """If `edition` may be announced (Edition.claim_announcement), queue one e-mail to every confirmed address on
    its region's list; returns how many."""
    if not edition.claim_announcement():
        return 0
    interests = list(Interest.objects.confirmed().filter(region=edition.region_id).select_related("region"))
    for interest in interests:
        send_templated_mail(
            to=interest.email,
            subject=f"GRENSBREKERS komt naar {interest.region}: {edition}",
            template="grensbrekers/email/interest_announce",
            context={
                "edition": edition,
                "region": interest.region,
                "page_url": request.build_absolute_uri(reverse("grensbrekers:index")),
                "unsubscribe_url": request.build_absolute_uri(interest.get_unsubscribe_url()),
            },
        )
    return len(interests)
