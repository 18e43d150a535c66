from django.urls import path

from . import views
from .feeds import ArticleFeed

app_name = "kennisbank"
urlpatterns = [
    path("kennisbank/", views.article_list, name="article_list"),
    path("kennisbank/feed.xml", ArticleFeed(), name="feed"),
    path("kennisbank/<slug:slug>/", views.article_detail, name="article_detail"),
    path("publicaties/", views.publication_list, name="publication_list"),
]
