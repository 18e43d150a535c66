"""Where apps above regions add to its pages (see opti/lib/hooks.py); igs connects to them.

- `region_list_page` (no arguments): receivers return a `Column` for the table of regions;
- `region_page` (`region`) and `municipality_page` (`municipality`): receivers return a `Section`.
"""

from django.dispatch import Signal

region_list_page = Signal()
region_page = Signal()
municipality_page = Signal()
