from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from .datasets import ATTRIBUTION, COMPILED, DATASETS, FORMATS, LICENCE, build


@require_safe
def index(request):
    return render(
        request,
        "opendata/index.html",
        {"datasets": DATASETS.values(), "attribution": ATTRIBUTION, "licence": LICENCE, "compiled": COMPILED},
    )


@gzip_page
@require_safe
def download(request, slug, extension):
    """A file of the open data; its ETag (from its content) and Last-Modified let clients ask only for changes
    (ConditionalGetMiddleware answers 304)."""
    dataset = DATASETS.get(slug)
    if dataset is None or extension not in FORMATS or (extension == "geojson" and not dataset.geojson):
        raise Http404
    file = build(slug, extension)
    response = HttpResponse(file.content, content_type=FORMATS[extension])
    response["Content-Disposition"] = f'inline; filename="{slug}.{extension}"'
    response["Last-Modified"] = http_date(file.modified.timestamp())
    response["Access-Control-Allow-Origin"] = "*"  # anyone's page or script may read these files, and only these
    return response
