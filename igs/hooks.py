"""Where apps above igs add to its pages (see opti/lib/hooks.py); profiles connects to them.

- `network_page` (`network`): receivers return a `Section` for the IGS page.
"""

from django.dispatch import Signal

network_page = Signal()
