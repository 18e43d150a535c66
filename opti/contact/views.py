from django.shortcuts import render
from django.views.decorators.http import require_safe

from profiles.models import team


@require_safe
def index(request):
    consultants = team()
    return render(
        request,
        "contact/index.html",
        {"consultants": consultants, "shows_examples": any(consultant.is_example for consultant in consultants)},
    )
