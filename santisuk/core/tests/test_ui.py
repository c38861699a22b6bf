"""The pages every module shares: layout, home, language switch, error pages, lists and forms."""

import re

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.urls import path

from santisuk.org.models import Officer
from santisuk.org.services import officer_create


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom)]
from santisuk.urls import urlpatterns as project_urls  # noqa: E402

urlpatterns += project_urls


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def officers(units, pp_chief):
    return [
        officer_create(
            badge_number="PP-0001",
            family_name="SOK",
            given_name="Chandara",
            name_km="សុខ ចាន់ដារ៉ា",
            rank="captain",
            unit=units.pp_district,
            actor=pp_chief,
        ),
        officer_create(
            badge_number="SR-0001",
            family_name="CHEA",
            given_name="Sopheak",
            rank="lieutenant",
            unit=units.sr_district,
        ),
    ]


@pytest.mark.django_db
def test_home_shows_the_users_tiles_role_unit_and_scope(pp_officer, client_for):
    response = client_for(pp_officer).get("/")

    assert response.status_code == 200
    tiles = {str(t["label"]): t for t in response.context["tiles"]}
    assert tiles["Units"]["count"] == 1  # an officer sees their own unit only
    assert tiles["Units"]["url"] == "/org/units/"
    html = page(response)
    assert 'class="tile"' in html
    assert "Chamkar Mon District Inspectorate" in html
    assert "Own unit" in html
    assert ">Officer<" in html
    # The menu shows what the role may open, and nothing else.
    assert 'href="/org/units/"' in html
    assert 'href="/accounts/users/"' not in html


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_switching_to_khmer_translates_the_home_page_and_the_menu(pp_officer, client_for):
    client = client_for(pp_officer)
    switched = client.post("/i18n/setlang/", {"language": "km", "next": "/"})
    assert switched.status_code == 302

    html = page(client.get("/"))

    assert '<html lang="km">' in html
    assert "ទំព័រដើម · សន្តិសុខ" in html  # the title: Home · Santisuk
    assert "ទិន្នន័យយោង" in html  # menu group "Reference"
    assert "អង្គភាព" in html  # "Units"
    assert "មន្ត្រីនគរបាល" in html  # the role "Officer"
    assert "ចាកចេញ" in html  # "Log out"
    assert "Log out" not in html

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log out" in page(client.get("/"))


@pytest.mark.django_db
def test_a_missing_page_answers_404_within_the_layout(pp_officer, client_for):
    response = client_for(pp_officer).get("/org/units/999999/")

    assert response.status_code == 404
    html = page(response)
    assert "Page not found" in html
    assert 'class="topbar"' in html
    assert 'href="/org/units/"' in html  # the menu is there to carry on


@pytest.mark.django_db
def test_a_forbidden_page_answers_403_within_the_layout(pp_officer, client_for):
    response = client_for(pp_officer).get("/org/units/add/")

    assert response.status_code == 403
    assert "Access denied" in page(response)
    assert 'class="topbar"' in page(response)


def test_the_500_page_renders_without_any_context():
    html = get_template("500.html").render()

    assert "Something went wrong on the server" in html
    assert "santisuk.css" in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_500_page(pp_officer):
    client = Client(raise_request_exception=False)
    client.force_login(pp_officer)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on the server" in page(response)
    assert "a bug" not in page(response)


@pytest.mark.django_db
def test_list_page_shows_filters_table_and_export_links_keeping_the_filters(
    pp_chief, client_for, officers
):
    response = client_for(pp_chief).get("/org/officers/", {"q": "SOK"})

    html = page(response)
    assert response.status_code == 200
    assert 'name="q" value="SOK"' in html
    assert "PP-0001" in html
    assert "SR-0001" not in html  # another province: not listed
    assert "1 record" in html
    assert 'href="?q=SOK&amp;export=csv"' in html
    assert 'href="?q=SOK&amp;export=xlsx"' in html
    assert 'href="/org/officers/add/"' in html  # a chief may add officers


@pytest.mark.django_db
def test_csv_export_contains_the_rows_the_user_may_see(pp_chief, client_for, officers):
    response = client_for(pp_chief).get("/org/officers/", {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "PP-0001" in text
    assert "សុខ ចាន់ដារ៉ា" in text
    assert "SR-0001" not in text


@pytest.mark.django_db
def test_table_headers_sort_and_mark_the_sorted_column(pp_chief, client_for, officers):
    html = page(client_for(pp_chief).get("/org/officers/", {"sort": "-badge_number"}))

    assert 'aria-sort="descending"' in html
    assert re.search(r'href="\?sort=[a-z_]+"', html)


@pytest.mark.django_db
def test_detail_page_lists_the_fields_and_offers_edit_to_who_may_change(
    pp_chief, pp_officer, client_for, officers
):
    officer = officers[0]
    chief_view = page(client_for(pp_chief).get(f"/org/officers/{officer.pk}/"))
    officer_view = page(client_for(pp_officer).get(f"/org/officers/{officer.pk}/"))

    assert "Badge number" in chief_view and "PP-0001" in chief_view
    assert f'href="/org/officers/{officer.pk}/edit/"' in chief_view
    assert f'href="/org/officers/{officer.pk}/edit/"' not in officer_view


@pytest.mark.django_db
def test_a_form_with_errors_names_each_field_and_keeps_what_was_typed(pp_chief, client_for, units):
    response = client_for(pp_chief).post(
        "/org/officers/add/",
        {
            "badge_number": "",
            "family_name": "KEO",
            "given_name": "Sophea",
            "name_km": "កែវ សុភា",
            "rank": "",
            "unit": units.pp_district.pk,
        },
    )

    assert response.status_code == 200
    html = page(response)
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</div>", html.index('class="error-summary"')
        )
    ]
    assert "Badge number" in summary
    assert "Rank" in summary
    assert 'value="KEO"' in html
    assert 'value="កែវ សុភា"' in html
    assert not Officer.objects.filter(family_name="KEO").exists()


@pytest.mark.django_db
def test_pages_load_no_asset_from_another_site(pp_officer, client_for):
    html = page(client_for(pp_officer).get("/"))

    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert not attribute.startswith(("http:", "https:", "//")), attribute
    assert "/static/santisuk/santisuk.css" in html
    assert "/static/django_htmx/htmx" in html


def test_the_stylesheet_and_htmx_are_served_from_the_server_itself():
    # The same handler ``santisuk runserver`` puts in front of the site.
    handler = StaticFilesHandler(WSGIHandler())
    bodies = {}
    for asset in ("santisuk/santisuk.css", "django_htmx/htmx-2.min.js"):
        response = handler.get_response(RequestFactory().get(f"/static/{asset}"))
        assert response.status_code == 200, asset
        bodies[asset] = b"".join(response.streaming_content)
        assert len(bodies[asset]) > 1000
    css = bodies["santisuk/santisuk.css"].decode()
    assert "Khmer OS" in css
    assert "@media print" in css
    assert "@import" not in css and "url(" not in css  # nothing fetched from elsewhere
