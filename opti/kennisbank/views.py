from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .models import Article, Publication, Theme

PAGE_SIZE = 10


@require_safe
def article_list(request):
    themes = list(Theme.objects.filter(articles__in=Article.objects.published()).distinct())
    theme = next((theme for theme in themes if theme.slug == request.GET.get("thema")), None)
    page = Paginator(Article.objects.for_list(theme), PAGE_SIZE).get_page(request.GET.get("pagina"))
    canonical_query = {"thema": theme.slug} if theme else {}
    if page.number > 1:
        canonical_query["pagina"] = page.number
    return render(
        request,
        "kennisbank/article_list.html",
        {"themes": themes, "theme": theme, "page": page, "canonical_query": canonical_query},
    )


@require_safe
def article_detail(request, slug):
    """A published article; editors also see a draft (a preview), with a banner and never cached."""
    article = get_object_or_404(Article.objects.visible_to(request.user).for_detail(), slug=slug)
    response = render(
        request,
        "kennisbank/article_detail.html",
        {
            "article": article,
            "related": list(Article.objects.related_to(article)),
            "structured_data": article.structured_data(),
        },
    )
    if not article.is_public:
        add_never_cache_headers(response)
    return response


@require_safe
def publication_list(request):
    publications = list(Publication.objects.for_list(request.user))
    drafts = any(not publication.is_public for publication in publications)
    response = render(request, "kennisbank/publication_list.html", {"publications": publications, "drafts": drafts})
    if drafts:
        add_never_cache_headers(response)
    return response
