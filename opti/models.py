import nh3
from django.core import signing
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from regions.models import Municipality, Region

# The markup editors may use in page bodies; everything else is stripped when shown.
PAGE_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "br"}


class PageManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Page(models.Model):
    """A page whose text editors maintain in the admin (privacy statement, accessibility statement)."""

    class Slug(models.TextChoices):
        PRIVACY = "privacy", "Privacyverklaring"
        ACCESSIBILITY = "toegankelijkheid", "Toegankelijkheidsverklaring"

    slug = models.SlugField("pagina", unique=True, choices=Slug.choices)
    title = models.CharField("titel", max_length=150)
    body = models.TextField(
        "tekst",
        help_text="Toegelaten opmaak: &lt;p&gt;, &lt;h2&gt;, &lt;h3&gt;, &lt;ul&gt;, &lt;ol&gt;, &lt;li&gt;, "
        "&lt;a href&gt;, &lt;strong&gt;, &lt;em&gt;, &lt;br&gt;. Andere opmaak wordt weggelaten.",
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = PageManager()

    class Meta:
        verbose_name = "pagina"
        verbose_name_plural = "pagina's"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opti:page", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def body_html(self):
        return mark_safe(nh3.clean(self.body, tags=PAGE_TAGS, attributes={"a": {"href"}}))


class SubsidyProgrammeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SubsidyProgramme(models.Model):
    """A subsidy line for supra-local culture, e.g. the operating subsidy for IGS."""

    name = models.CharField("naam", max_length=150, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(
        "beschrijving", blank=True, help_text="Gewone tekst; een witregel begint een alinea."
    )
    info_url = models.URLField(
        "officiële informatie", blank=True, help_text="Pagina van de overheid over deze subsidie."
    )

    objects = SubsidyProgrammeManager()

    class Meta:
        verbose_name = "subsidieprogramma"
        verbose_name_plural = "subsidieprogramma's"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class SubsidyRoundQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_slug, title):
        return self.get(programme__slug=programme_slug, title=title)

    def for_page(self):
        return self.select_related("programme")

    def open_now(self, today=None):
        today = today or timezone.localdate()
        return self.for_page().filter(opens_on__lte=today, deadline__gte=today).order_by("deadline", "pk")

    def upcoming(self, today=None):
        return self.for_page().filter(opens_on__gt=today or timezone.localdate()).order_by("opens_on", "pk")

    def past(self, today=None):
        return self.for_page().filter(deadline__lt=today or timezone.localdate()).order_by("-deadline", "pk")

    def next_deadline(self, today=None):
        """The round, open or still to open, whose deadline comes first; None if there is none."""
        return self.for_page().filter(deadline__gte=today or timezone.localdate()).order_by("deadline", "pk").first()


class SubsidyRound(models.Model):
    """One call of a subsidy programme: when applications open, the deadline and the decision."""

    programme = models.ForeignKey(
        SubsidyProgramme, on_delete=models.CASCADE, related_name="rounds", verbose_name="programma"
    )
    title = models.CharField("naam van de ronde", max_length=150, help_text="Bijvoorbeeld: Ronde 2027.")
    opens_on = models.DateField("aanvragen vanaf")
    deadline = models.DateField("aanvragen tot en met")
    decision_on = models.DateField("beslissing verwacht op", null=True, blank=True)
    budget = models.DecimalField(
        "budget (euro)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    call_url = models.URLField("oproep", blank=True, help_text="Webadres van de officiële oproep.")
    is_example = models.BooleanField(
        "voorbeeld",
        default=False,
        help_text="Aangevinkt: de data zijn verzonnen ter illustratie. De website toont de ronde als voorbeeld.",
    )

    objects = SubsidyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "subsidieronde"
        verbose_name_plural = "subsidierondes"
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "title"],
                name="subsidy_round_unique_title",
                violation_error_message="Dit programma heeft al een ronde met die naam.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="subsidy_round_deadline_after_opening",
                violation_error_message="De deadline mag niet vóór de opening van de ronde liggen.",
            ),
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True) | Q(decision_on__gte=models.F("deadline")),
                name="subsidy_round_decision_after_deadline",
                violation_error_message="De beslissing kan niet vóór de deadline vallen.",
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {self.title}"

    def natural_key(self):
        return (*self.programme.natural_key(), self.title)

    natural_key.dependencies = ["opti.subsidyprogramme"]


class EditionQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_counts(self):
        """How many people have a place and how many wait, per edition."""
        return self.annotate(
            placed_count=Count("signups", filter=Q(signups__status=Signup.Status.PLACED)),
            waitlist_count=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
        )

    def for_grensbrekers_page(self):
        return self.select_related("region").with_counts().order_by("starts_on", "pk")


class Edition(models.Model):
    """An edition of GRENSBREKERS, OP/TIL's programme for culture professionals who work across borders."""

    title = models.CharField("titel", max_length=150)
    slug = models.SlugField(unique=True)
    description = models.TextField(
        "beschrijving", blank=True, help_text="Gewone tekst; een witregel begint een alinea."
    )
    starts_on = models.DateField("eerste dag")
    ends_on = models.DateField("laatste dag")
    place = models.CharField("plaats", max_length=150, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="referentieregio",
    )
    capacity = models.PositiveIntegerField("aantal plaatsen")
    signup_opens_on = models.DateField("inschrijven vanaf")
    signup_closes_on = models.DateField("inschrijven tot en met")
    is_example = models.BooleanField(
        "voorbeeld",
        default=False,
        help_text="Aangevinkt: een verzonnen editie ter illustratie. De website toont ze als voorbeeld.",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "GRENSBREKERS-editie"
        verbose_name_plural = "GRENSBREKERS-edities"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_start",
                violation_error_message="De laatste dag mag niet vóór de eerste dag liggen.",
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_on__gte=models.F("signup_opens_on")),
                name="edition_signup_window_ordered",
                violation_error_message="De inschrijvingen kunnen niet sluiten vóór ze openen.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="edition_capacity_positive",
                violation_error_message="Een editie heeft minstens één plaats.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def free_places(self):
        """Places a new signup could get (needs `with_counts()`): none while people are waiting for one."""
        return 0 if self.waitlist_count else max(self.capacity - self.placed_count, 0)

    def signup_state(self, today=None):
        """'open', 'not_yet' or 'closed', from the signup window in Brussels time."""
        today = today or timezone.localdate()
        if today < self.signup_opens_on:
            return "not_yet"
        return "open" if today <= self.signup_closes_on else "closed"

    def add_signup(self, signup):
        """Save `signup` with a place, or on the waitlist once the places are taken, in order of arrival.
        Nobody gets a place ahead of the waitlist: a place that comes free (a cancellation, more capacity) is
        for the people waiting, whom editors give it with `promote`.

        The edition row is locked for the whole transaction, so concurrent signups are counted one after
        the other (on SQLite the IMMEDIATE transaction mode serialises them). Raises DuplicateSignup when
        the e-mail address is already signed up for this edition.
        """
        try:
            with transaction.atomic():
                edition = Edition.objects.select_for_update().get(pk=self.pk)
                signups = Signup.objects.filter(edition=edition)
                waiting = signups.filter(status=Signup.Status.WAITLISTED).exists()
                if not waiting and signups.filter(status=Signup.Status.PLACED).count() < edition.capacity:
                    signup.status, signup.waitlist_position = Signup.Status.PLACED, None
                else:
                    last = signups.aggregate(last=Max("waitlist_position"))["last"] or 0
                    signup.status, signup.waitlist_position = Signup.Status.WAITLISTED, last + 1
                signup.edition = edition
                signup.save()
        except IntegrityError:
            if Signup.objects.filter(edition=self, email__iexact=signup.email).exists():
                raise DuplicateSignup from None
            raise
        return signup

    def renumber_waitlist(self):
        """Number the waitlist 1, 2, 3 … again in its current order, e.g. after people left it.

        Call inside a transaction that locked the edition. Rows are moved down one at a time, lowest first,
        so that no two ever share a position.
        """
        waitlist = Signup.objects.filter(edition=self, status=Signup.Status.WAITLISTED).order_by("waitlist_position")
        for position, signup in enumerate(waitlist, start=1):
            if signup.waitlist_position != position:
                Signup.objects.filter(pk=signup.pk).update(waitlist_position=position)

    def promote(self, signups):
        """Give a place to the given waitlisted signups of this edition and renumber the rest of the waitlist."""
        with transaction.atomic():
            Edition.objects.select_for_update().get(pk=self.pk)
            promoted = list(
                Signup.objects.filter(edition=self, status=Signup.Status.WAITLISTED, pk__in=[s.pk for s in signups])
                .select_related("edition", "municipality")
                .order_by("waitlist_position")
            )
            for signup in promoted:
                signup.status, signup.waitlist_position = Signup.Status.PLACED, None
                signup.save(update_fields=["status", "waitlist_position"])
            self.renumber_waitlist()
        return promoted


class DuplicateSignup(Exception):
    """This e-mail address is already signed up for the edition."""


class Signup(models.Model):
    """Someone's signup for a GRENSBREKERS edition: a place or a waitlist position."""

    class OrganisationType(models.TextChoices):
        CULTURAL_CENTRE = "cultuurcentrum", "Cultuurcentrum of gemeenschapscentrum"
        LIBRARY = "bibliotheek", "Bibliotheek"
        DEPARTMENT = "dienst", "Dienst cultuur of vrije tijd"

    class Status(models.TextChoices):
        PLACED = "geplaatst", "Geplaatst"
        WAITLISTED = "wachtlijst", "Wachtlijst"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="signups", verbose_name="editie")
    name = models.CharField("naam", max_length=150)
    email = models.EmailField("e-mailadres")
    organisation = models.CharField("organisatie", max_length=150)
    organisation_type = models.CharField("soort organisatie", max_length=20, choices=OrganisationType.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="gemeente van je organisatie"
    )
    function = models.CharField("functie", max_length=150)
    motivation = models.TextField("motivatie", max_length=2000, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, editable=False)
    waitlist_position = models.PositiveIntegerField("plaats op de wachtlijst", null=True, editable=False)
    created_at = models.DateTimeField("ingeschreven op", auto_now_add=True)

    class Meta:
        verbose_name = "GRENSBREKERS-inschrijving"
        verbose_name_plural = "GRENSBREKERS-inschrijvingen"
        ordering = ["edition", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                name="signup_unique_email_per_edition",
                violation_error_message="Met dit e-mailadres is al iemand ingeschreven voor deze editie.",
            ),
            models.UniqueConstraint(
                fields=["edition", "waitlist_position"],
                name="signup_unique_waitlist_position",
                violation_error_message="Twee inschrijvingen kunnen niet dezelfde plaats op de wachtlijst hebben.",
            ),
            models.CheckConstraint(
                condition=Q(status="geplaatst", waitlist_position__isnull=True)
                | Q(status="wachtlijst", waitlist_position__gte=1),
                name="signup_waitlist_position_iff_waitlisted",
                violation_error_message="Alleen wie op de wachtlijst staat, heeft een plaats op de wachtlijst.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.edition})"


UNSUBSCRIBE_SALT = "opti.newsletter.unsubscribe"


class Newsletter(models.TextChoices):
    GENERAL = "algemeen", "Algemene nieuwsbrief"
    PROJECTS = "projecten", "Nieuwsbrief projecten"


class SubscriptionQuerySet(models.QuerySet):
    def request(self, email, newsletters):
        """Add the address, unconfirmed, to those of the newsletters it is not on yet."""
        self.bulk_create([Subscription(email=email, newsletter=name) for name in newsletters], ignore_conflicts=True)


class Subscription(models.Model):
    """An e-mail address on one newsletter list; it counts once confirmed through the e-mailed link."""

    email = models.EmailField("e-mailadres")
    newsletter = models.CharField("nieuwsbrief", max_length=20, choices=Newsletter.choices)
    created_at = models.DateTimeField("aangevraagd op", auto_now_add=True)
    confirmed_at = models.DateTimeField("bevestigd op", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "nieuwsbriefinschrijving"
        verbose_name_plural = "nieuwsbriefinschrijvingen"
        ordering = ["newsletter", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "newsletter",
                name="subscription_unique_email_per_newsletter",
                violation_error_message="Dit e-mailadres staat al op deze nieuwsbrief.",
            ),
            models.CheckConstraint(
                condition=Q(newsletter__in=Newsletter.values),
                name="subscription_newsletter_valid",
                violation_error_message="Kies een bestaande nieuwsbrief.",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_newsletter_display()})"

    def get_unsubscribe_url(self):
        """The link, valid without login and without end date, that takes this address off every newsletter."""
        token = signing.dumps(self.email.lower(), salt=UNSUBSCRIBE_SALT)
        return reverse("opti:newsletter_unsubscribe", args=[token])
