"""What profiles adds to the pages of igs (igs/hooks.py): the coordinators of each IGS."""

from django.dispatch import receiver

from igs import hooks
from opti.lib.hooks import Section

from .models import CoordinatorProfile


@receiver(hooks.network_page)
def network_profiles(sender, network, **kwargs):
    profiles = list(CoordinatorProfile.objects.for_network_page(network))
    return Section("profiles/includes/network_profiles.html", {"profiles": profiles}) if profiles else None
