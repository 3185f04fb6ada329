from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("events/", views.UpcomingEventListView.as_view(), name="event-list"),
    path("events/past/", views.PastEventListView.as_view(), name="event-past"),
    path("events/calendar/", views.EventCalendarView.as_view(), name="event-calendar"),
    path(
        "events/calendar/<int:year>/<int:month>/",
        views.EventCalendarView.as_view(),
        name="event-calendar-month",
    ),
    path(
        "events/calendar/<int:year>/<int:month>/<int:day>/",
        views.EventDayView.as_view(),
        name="event-calendar-day",
    ),
    path("events/feed.rss", feeds.UpcomingEventsFeed(), name="event-feed-rss"),
    path("events/feed.atom", feeds.UpcomingEventsAtomFeed(), name="event-feed-atom"),
    path("events/calendar.ics", views.calendar_feed, name="event-calendar-feed"),
    path("events/kinds/<slug:kind>/calendar.ics", views.calendar_feed, name="event-kind-feed"),
    path("events/tags/<slug:slug>/calendar.ics", views.calendar_feed, name="event-tag-feed"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>.ics", views.event_ics, name="event-ics"),
]
