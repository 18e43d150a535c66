from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

from opti.lib.models import NaturalKeyModel, NaturalKeyQuerySet
from opti.lib.signing import signed_url
from opti.lib.validators import validate_one_line, validate_public_email
from regions.models import Municipality, Region


class EditionQuerySet(NaturalKeyQuerySet):
    def with_counts(self):
        """How many people have a place and how many wait, per edition."""
        return self.annotate(
            placed_count=Count("signups", filter=Q(signups__status=Signup.Status.PLACED)),
            waitlist_count=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
        )

    def open_in(self, region, today=None):
        """Real editions in `region` that people can still sign up for."""
        today = today or timezone.localdate()
        return self.filter(region=region, is_example=False, signup_closes_on__gte=today).order_by("starts_on")

    def for_grensbrekers_page(self):
        return self.select_related("region").with_counts().order_by("starts_on", "pk")


class Edition(NaturalKeyModel):
    """An edition of GRENSBREKERS, OP/TIL's programme for culture professionals who work across borders."""

    title = models.CharField("titel", max_length=150, validators=[validate_one_line])
    slug = models.SlugField(unique=True)
    description = models.TextField(
        "beschrijving", blank=True, help_text="Gewone tekst; een witregel begint een alinea."
    )
    starts_on = models.DateField("eerste dag")
    start_time = models.TimeField(
        "beginuur",
        null=True,
        blank=True,
        help_text="Wanneer de eerste dag begint, bijvoorbeeld 9:30. Alleen bij oudere edities mag het leeg blijven.",
    )
    ends_on = models.DateField("laatste dag")
    place = models.CharField(
        "plaats",
        max_length=150,
        blank=True,
        validators=[validate_one_line],
        help_text="Gebouw, adres en gemeente. Alleen bij oudere edities mag het leeg blijven.",
    )
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

    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    announced_at = models.DateTimeField(
        "aangekondigd op",
        null=True,
        editable=False,
        help_text="Wanneer wie op de hoogte wil blijven voor de referentieregio, een e-mail kreeg.",
    )
    announced_region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name="aangekondigd in",
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
        # Wherever the edition is named on its own (the form's choices, mail subjects), an example says so.
        return f"{self.title} (voorbeeld)" if self.is_example else self.title

    def clean(self):
        """An edition that is not over needs its start time and place; older ones may lack them."""
        if self.ends_on and self.ends_on >= timezone.localdate():
            errors = {}
            if not self.start_time:
                errors["start_time"] = "Vul het beginuur in: deelnemers zien het op de pagina, in hun e-mail en agenda."
            if not self.place:
                errors["place"] = "Vul de plaats in: deelnemers zien ze op de pagina, in hun e-mail en agenda."
            if errors:
                raise ValidationError(errors)

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

    def confirm_signup(self, signup):
        """Give `signup`, now that its address is confirmed, a place, or the next position on the waitlist once the
        places are taken: in order of confirmation. Nobody gets a place ahead of the waitlist: a place that comes
        free is for the people waiting: a cancellation gives it to the first of them (`cancel_signup`), more
        capacity is given by editors with `promote`.

        Returns the signup that holds the address's place: `signup`, or the signup of this address that was
        confirmed first (then `signup` is deleted). Raises Signup.DoesNotExist when `signup` no longer exists.

        The edition row is locked for the whole transaction, so concurrent confirmations are counted one after
        the other (on SQLite the IMMEDIATE transaction mode serialises them).
        """
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=self.pk)
            signups = Signup.objects.filter(edition=edition)
            confirmed = signups.exclude(status=Signup.Status.UNCONFIRMED)
            pending = signups.filter(pk=signup.pk, status=Signup.Status.UNCONFIRMED)
            if first := confirmed.filter(email__iexact=signup.email).first():
                pending.delete()
                return first
            if not confirmed.filter(status=Signup.Status.WAITLISTED).exists() and (
                confirmed.filter(status=Signup.Status.PLACED).count() < edition.capacity
            ):
                status, position = Signup.Status.PLACED, None
            else:
                last = confirmed.aggregate(last=Max("waitlist_position"))["last"] or 0
                status, position = Signup.Status.WAITLISTED, last + 1
            if not pending.update(status=status, waitlist_position=position, confirmed_at=timezone.now()):
                raise Signup.DoesNotExist
        return Signup.objects.select_related("edition", "municipality").get(pk=signup.pk)

    def claim_announcement(self):
        """True once per region, for the first caller, when this edition comes to a region and people may still sign
        up: the caller then e-mails everyone interested in that region. The claim is one conditional UPDATE, so
        that two saves, or two processes, never both send."""
        if not self.region_id or self.is_example or self.signup_closes_on < timezone.localdate():
            return False
        # Once per region: moved to another region, the edition is announced there too.
        unannounced = Q(announced_region__isnull=True) | ~Q(announced_region=self.region_id)
        claimed = Edition.objects.filter(unannounced, pk=self.pk, region=self.region_id).update(
            announced_at=timezone.now(), announced_region=self.region_id
        )
        return claimed == 1

    def cancel_signup(self, signup):
        """Delete `signup`, at its own request. The place it held goes to the first on the waitlist: returns the
        signups that got a place (none, or that one). Raises Signup.DoesNotExist when it no longer exists."""
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=self.pk)
            rows = Signup.objects.filter(pk=signup.pk, edition=edition)
            status = rows.values_list("status", flat=True).first()
            if status is None:
                raise Signup.DoesNotExist
            rows.delete()
            placed = Signup.objects.filter(edition=edition, status=Signup.Status.PLACED).count()
            waitlist = Signup.objects.filter(edition=edition, status=Signup.Status.WAITLISTED)
            return edition.promote(waitlist.order_by("waitlist_position")[: max(edition.capacity - placed, 0)])

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


# A signup holds nothing until its address is confirmed through the e-mailed link, which works this long; then
# `manage.py purge_personal_data` deletes it.
CONFIRMATION_PERIOD = timedelta(hours=48)
CANCEL_SALT = "opti.grensbrekers.cancel"


class Signup(models.Model):
    """Someone's signup for a GRENSBREKERS edition: unconfirmed until the address is confirmed, then a place or a
    waitlist position."""

    changes_content = False  # a visitor's; the page reads the places left on every request

    class OrganisationType(models.TextChoices):
        CULTURAL_CENTRE = "cultuurcentrum", "Cultuurcentrum of gemeenschapscentrum"
        LIBRARY = "bibliotheek", "Bibliotheek"
        DEPARTMENT = "dienst", "Dienst cultuur of vrije tijd"

    class Status(models.TextChoices):
        UNCONFIRMED = "onbevestigd", "Niet bevestigd"
        PLACED = "geplaatst", "Geplaatst"
        WAITLISTED = "wachtlijst", "Wachtlijst"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="signups", verbose_name="editie")
    name = models.CharField("naam", max_length=150, validators=[validate_one_line])
    email = models.EmailField("e-mailadres", validators=[validate_public_email])
    organisation = models.CharField("organisatie", max_length=150, validators=[validate_one_line])
    organisation_type = models.CharField("soort organisatie", max_length=20, choices=OrganisationType.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="gemeente van je organisatie"
    )
    function = models.CharField("functie", max_length=150, validators=[validate_one_line])
    motivation = models.TextField("motivatie", max_length=2000, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, editable=False
    )
    waitlist_position = models.PositiveIntegerField("plaats op de wachtlijst", null=True, editable=False)
    created_at = models.DateTimeField("ingeschreven op", auto_now_add=True)
    confirmed_at = models.DateTimeField("bevestigd op", null=True, editable=False)

    class Meta:
        verbose_name = "GRENSBREKERS-inschrijving"
        verbose_name_plural = "GRENSBREKERS-inschrijvingen"
        ordering = ["edition", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=Q(confirmed_at__isnull=False),
                name="signup_unique_email_per_edition",
                violation_error_message="Met dit e-mailadres is al iemand ingeschreven voor deze editie.",
            ),
            models.UniqueConstraint(
                fields=["edition", "waitlist_position"],
                name="signup_unique_waitlist_position",
                violation_error_message="Twee inschrijvingen kunnen niet dezelfde plaats op de wachtlijst hebben.",
            ),
            models.CheckConstraint(
                condition=Q(status="onbevestigd", waitlist_position__isnull=True)
                | Q(status="geplaatst", waitlist_position__isnull=True)
                | Q(status="wachtlijst", waitlist_position__gte=1),
                name="signup_waitlist_position_iff_waitlisted",
                violation_error_message="Alleen wie op de wachtlijst staat, heeft een plaats op de wachtlijst.",
            ),
            models.CheckConstraint(
                condition=Q(status="onbevestigd", confirmed_at__isnull=True)
                | Q(status__in=["geplaatst", "wachtlijst"], confirmed_at__isnull=False),
                name="signup_confirmed_iff_placed_or_waitlisted",
                violation_error_message="Alleen een bevestigde inschrijving heeft een plaats of een wachtlijstplaats.",
            ),
        ]

    def __str__(self):
        # Without the name: the admin's history keeps this text after the row is deleted.
        return f"Inschrijving voor {self.edition}"

    def get_cancel_url(self):
        """The link in the mails after confirmation that cancels the signup, without login: it works as long as the
        signup exists."""
        return signed_url("grensbrekers:cancel", self.pk, salt=CANCEL_SALT)


class InterestQuerySet(models.QuerySet):
    def request(self, email, region):
        """Add the address, unconfirmed, for the region unless it is there already; return its row."""
        self.bulk_create([Interest(email=email, region=region)], ignore_conflicts=True)
        return self.get(email__iexact=email, region=region)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Interest(models.Model):
    """An address that wants one e-mail when GRENSBREKERS comes to a reference region; it counts once confirmed
    through the e-mailed link."""

    changes_content = False  # a visitor's; no page shows it

    email = models.EmailField("e-mailadres", validators=[validate_public_email])
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name="referentieregio")
    created_at = models.DateTimeField("aangevraagd op", auto_now_add=True)
    confirmed_at = models.DateTimeField("bevestigd op", null=True, blank=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = "interesse voor GRENSBREKERS in een regio"
        verbose_name_plural = "interesse voor GRENSBREKERS in een regio"
        ordering = ["region", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "region",
                name="interest_unique_email_per_region",
                violation_error_message="Dit e-mailadres staat al op de lijst voor deze regio.",
            ),
        ]

    def __str__(self):
        # Without the address: the admin's history keeps this text after the row is deleted.
        return f"Interesse voor {self.region}"

    def get_unsubscribe_url(self):
        """The link, valid without login and without end date, that takes the address off this region's list."""
        return signed_url("grensbrekers:interest_unsubscribe", self.pk, salt=INTEREST_UNSUBSCRIBE_SALT)


INTEREST_UNSUBSCRIBE_SALT = "opti.grensbrekers.interest.unsubscribe"
