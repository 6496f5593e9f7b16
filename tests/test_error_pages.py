"""The 403, 404 and 500 pages: in Bangla, in the site's layout with its navigation; the 500 page renders
without the request or the database."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_focal_point_opening_the_supervisor_workspace_gets_a_bangla_403_with_navigation(client, alice):
    client.force_login(alice)
    response = client.get(reverse("agreements:workspace"))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="error-403"' in page and "এই পাতা বা কাজের অনুমতি আপনার নেই" in page
    assert "Forbidden" not in page
    assert reverse("agreements:notifications") in page and "লগ আউট" in page  # the top bar is there


def test_an_agreement_outside_the_users_scope_is_a_bangla_404(client, agreement_a, bob):
    client.force_login(bob)
    response = client.get(reverse("agreements:detail", args=[agreement_a.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert 'id="error-404"' in page and "পাতাটি পাওয়া যায়নি" in page
    assert "No Agreement matches" not in page and "Not Found" not in page


def test_an_unknown_address_is_a_404_for_a_visitor_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "পাতাটি পাওয়া যায়নি" in response.content.decode()


def test_the_500_page_needs_neither_the_request_context_nor_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert 'id="error-500"' in page and "সার্ভারে একটি সমস্যা হয়েছে" in page
    assert reverse("agreements:home") in page
