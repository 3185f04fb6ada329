from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/feed.rss", feeds.LatestArticlesFeed(), name="article-feed-rss"),
    path("articles/feed.atom", feeds.LatestArticlesAtomFeed(), name="article-feed-atom"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("sections/<slug:slug>/feed.rss", feeds.SectionFeed(), name="section-feed-rss"),
    path("sections/<slug:slug>/feed.atom", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("authors/", views.AuthorListView.as_view(), name="author-list"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("authors/<slug:slug>/feed.rss", feeds.AuthorFeed(), name="author-feed-rss"),
    path("authors/<slug:slug>/feed.atom", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("tags/<slug:slug>/feed.rss", feeds.TagFeed(), name="tag-feed-rss"),
    path("tags/<slug:slug>/feed.atom", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
]
