from django.urls import path

from . import feeds, views

app_name = "statements"

urlpatterns = [
    path("statements/", views.StatementListView.as_view(), name="statement-list"),
    path("statements/feed.rss", feeds.StatementFeed(), name="statement-feed-rss"),
    path("statements/feed.atom", feeds.StatementAtomFeed(), name="statement-feed-atom"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement-detail"),
    path("statements/<slug:slug>/sign/", views.endorse, name="statement-endorse"),
    path("statements/<slug:slug>/thanks/", views.endorsement_thanks, name="endorsement-thanks"),
    path(
        "statements/<slug:slug>/confirm/<str:token>/",
        views.confirm_endorsement,
        name="endorsement-confirm",
    ),
    path(
        "statements/<slug:slug>/signatories/",
        views.SignatoryListView.as_view(),
        name="statement-signatories",
    ),
]
