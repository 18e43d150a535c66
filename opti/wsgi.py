import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opti.settings")

application = get_wsgi_application()

# Project the map shapes now rather than on the first page with a map. With gunicorn's
# preload_app this happens once, in the master, and the forked workers share the result.
from regions.geometry import neighbours, shapes  # noqa: E402 (needs the settings loaded above)

shapes()
neighbours()
