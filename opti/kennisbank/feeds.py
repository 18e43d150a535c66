from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .models import Article

FEED_SIZE = 20


class ArticleFeed(Feed):
    """The newest published articles of the knowledge base, as Atom."""

    feed_type = Atom1Feed
    title = "Kennisbank · Regionaal samenwerken · OP/TIL"
    link = reverse_lazy("kennisbank:article_list")
    subtitle = "Nieuwe artikels over regionaal samenwerken rond cultuur en de regiovorming in Vlaanderen."

    def items(self):
        return Article.objects.for_list()[:FEED_SIZE]

    def item_title(self, article):
        marked = not article.is_example or article.title.lower().startswith("voorbeeld")
        return article.title if marked else f"Voorbeeld: {article.title}"

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return timezone.make_aware(datetime.combine(article.published_on, time.min))

    def item_updateddate(self, article):
        return timezone.localtime(article.updated_at)  # in the same zone as the publication date

    def item_categories(self, article):
        return [theme.name for theme in article.themes.all()]
