"""Editors' messages ("… was added successfully") after the storage became lazy: made
only when a view or template uses it (`operations.middleware.LazyMessageMiddleware`)."""

import pytest
from django.urls import reverse

from articles.models import Section

pytestmark = pytest.mark.django_db


def add_section(client, name):
    return client.post(
        reverse("admin:articles_section_add"), {"name": name, "slug": "", "order": 0}
    )


def test_message_waits_through_public_pages_until_the_admin_shows_it(admin_client):
    response = add_section(admin_client, "Dockers")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "messages" in response.cookies  # the message waits in its cookie
    waiting = admin_client.cookies["messages"].value

    public = admin_client.get("/")
    assert public.status_code == 200
    assert "messages" not in public.cookies  # a public page leaves it as it is
    assert admin_client.cookies["messages"].value == waiting

    listing = admin_client.get(response["Location"])
    assert "was added successfully" in listing.content.decode()
    assert Section.objects.filter(name="Dockers").exists()

    # Shown once: the next page of the admin no longer has it.
    again = admin_client.get(response["Location"])
    assert "was added successfully" not in again.content.decode()


def test_public_pages_set_no_cookie_for_messages(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies
