"""The bulk import framework, with a small importer of gazetteer units defined here."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import include, path

from santisuk.core import imports
from santisuk.core.import_views import ImportView
from santisuk.core.imports import Column, Importer
from santisuk.core.views import Registry
from santisuk.geo.choices import LEVEL_BY_LENGTH, Level
from santisuk.geo.models import Area


class AreaImporter(Importer):
    model = Area
    key = ("code",)
    columns = (
        Column("code", required=True, help="NCDD code"),
        Column("name_en", required=True),
        Column("name_km", required=True),
        Column("valid_from", parse=imports.date, required=True),
    )

    def find(self, values):
        return self.queryset().filter(code=values["code"], valid_to__isnull=True).first()

    def assign(self, instance, values):
        super().assign(instance, values)
        instance.level = LEVEL_BY_LENGTH.get(len(values["code"]), "")
        instance.search_name = values["name_en"].casefold()


urlpatterns = [
    path("import/areas/", ImportView.as_view(importer_class=AreaImporter), name="area_import"),
]
from santisuk.urls import urlpatterns as project_urls  # noqa: E402


class AreaRegistry(Registry):
    model = Area
    importer_class = AreaImporter
    url_prefix = "testarea"


# The registry's pages take the gazetteer's namespace, in place of the real gazetteer pages.
urlpatterns += [path("geo-test/", include((AreaRegistry.urls(), "geo")))]
urlpatterns += [p for p in project_urls if getattr(p, "namespace", None) != "geo"]

HEADER = "code,name_en,name_km,valid_from\n"
GOOD_1 = "21,Takeo,ខេត្តតាកែវ,2025-01-01\n"
BAD_DATE = "22,Oddar Meanchey,ខេត្តឧត្តរមានជ័យ,2025-13-45\n"
GOOD_2 = "23,Kep,ខេត្តកែប,01/01/2025\n"
FILE_WITH_BAD_LINE_3 = HEADER + GOOD_1 + BAD_DATE + GOOD_2


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    # Uploads waiting for confirmation go to a throw-away directory, not the real var/.
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def csv_file(tmp_path):
    def write(content: str, name: str = "areas.csv", encoding: str = "utf-8"):
        target = tmp_path / name
        target.write_bytes(content.encode(encoding))
        return target

    return write


def codes():
    # Codes 21-23 are not in the test gazetteer (geo_world), which some tests also load.
    return sorted(Area.objects.filter(code__in=["21", "22", "23"]).values_list("code", flat=True))


@pytest.mark.django_db
def test_bad_date_on_line_3_is_reported_with_line_and_column_and_nothing_is_written(csv_file):
    result = AreaImporter().run(csv_file(FILE_WITH_BAD_LINE_3))

    assert not result.committed
    assert result.rejected == 1
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.line, error.column, error.value) == (3, "valid_from", "2025-13-45")
    assert "YYYY-MM-DD" in error.reason
    assert "line 3, valid_from" in str(error)
    assert codes() == []


@pytest.mark.django_db
def test_skip_invalid_writes_the_good_rows_and_the_rejects_file_has_the_bad_ones(
    csv_file, tmp_path
):
    rejects = tmp_path / "rejects.csv"
    result = AreaImporter().run(csv_file(FILE_WITH_BAD_LINE_3), skip_invalid=True, rejects=rejects)

    assert result.committed
    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 0, 0, 1)
    assert codes() == ["21", "23"]
    assert Area.objects.get(code="23").valid_from.isoformat() == "2025-01-01"
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["code"] == "22"
    assert rows[0]["name_km"] == "ខេត្តឧត្តរមានជ័យ"
    assert rows[0]["valid_from"] == "2025-13-45"
    assert rows[0]["reason"].startswith("valid_from: Not a date")


@pytest.mark.django_db
def test_a_second_import_of_the_same_file_changes_nothing(csv_file):
    source = csv_file(HEADER + GOOD_1 + GOOD_2)
    first = AreaImporter().run(source)
    before = list(Area.objects.order_by("code").values("code", "updated_at"))
    second = AreaImporter().run(source)

    assert (first.created, first.committed) == (2, True)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    assert list(Area.objects.order_by("code").values("code", "updated_at")) == before


@pytest.mark.django_db
def test_a_changed_row_updates_the_record_found_by_its_natural_key(csv_file):
    AreaImporter().run(csv_file(HEADER + GOOD_1))
    result = AreaImporter().run(csv_file(HEADER + "21,Takeo Province,ខេត្តតាកែវ,2025-01-01\n"))

    assert (result.created, result.updated) == (0, 1)
    assert Area.objects.get(code="21").name_en == "Takeo Province"
    assert Area.objects.count() == 1


@pytest.mark.django_db
def test_dry_run_counts_what_would_happen_and_writes_nothing(csv_file):
    result = AreaImporter().run(csv_file(HEADER + GOOD_1 + GOOD_2), dry_run=True)

    assert (result.created, result.committed, result.dry_run) == (2, False, True)
    assert codes() == []


@pytest.mark.django_db
def test_every_bad_row_is_reported_not_only_the_first(csv_file):
    content = (
        HEADER
        + GOOD_1
        + BAD_DATE
        + ",No code,,2025-01-01\n"
        + "99,Too long,"
        + "ក" * 201
        + ",2025-01-01\n"
    )
    result = AreaImporter().run(csv_file(content))

    found = {(e.line, e.column) for e in result.errors}
    assert found == {(3, "valid_from"), (4, "code"), (4, "name_km"), (5, "name_km")}
    by_place = {(e.line, e.column): e.reason for e in result.errors}
    assert by_place[(4, "code")] == "A value is required."
    assert "200" in by_place[(5, "name_km")]  # the model's own rule, named on its column
    assert result.rejected == 3
    assert codes() == []


@pytest.mark.django_db
def test_the_same_key_twice_in_one_file_names_the_first_line(csv_file):
    result = AreaImporter().run(csv_file(HEADER + GOOD_1 + GOOD_2 + GOOD_1))

    assert [(e.line, e.column) for e in result.errors] == [(4, "code")]
    assert "line 2" in result.errors[0].reason
    assert codes() == []


@pytest.mark.django_db
def test_header_problems_stop_the_import_with_the_column_named(csv_file):
    missing = AreaImporter().run(csv_file("code,name_en,name_km\n21,Takeo,តាកែវ\n"))
    unknown = AreaImporter().run(csv_file(HEADER.strip() + ",colour\n" + GOOD_1.strip() + ",red\n"))
    empty = AreaImporter().run(csv_file(""))

    assert missing.fatal and [(e.line, e.column) for e in missing.errors] == [(1, "valid_from")]
    assert unknown.fatal and [(e.line, e.column) for e in unknown.errors] == [(1, "colour")]
    assert empty.fatal and "empty" in empty.errors[0].reason
    assert codes() == []


@pytest.mark.django_db
def test_spreadsheet_files_with_bom_khmer_digits_and_blank_lines_are_read(csv_file):
    content = "\ufeffCode, Name_EN ,name_km,valid_from\n\n21,Takeo,តាកែវ,២០២៥-០១-០១\n"
    result = AreaImporter().run(csv_file(content))

    assert (result.created, result.committed) == (1, True)
    assert Area.objects.get(code="21").valid_from.isoformat() == "2025-01-01"


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(csv_file):
    result = AreaImporter().run(
        csv_file(HEADER + "21,Takeo,x,2025-01-01\n" + "22,Siém,x,2025-01-01\n", encoding="latin-1")
    )

    assert result.fatal and not result.committed
    assert "UTF-8" in result.errors[0].reason
    assert result.errors[0].line == 3
    assert codes() == []


@pytest.mark.django_db
def test_binary_and_text_file_objects_are_accepted():
    binary = io.BytesIO((HEADER + GOOD_1).encode())
    text = io.StringIO(HEADER + GOOD_2)

    assert AreaImporter().run(binary).created == 1
    assert not binary.closed
    assert AreaImporter().run(text).created == 1
    assert codes() == ["21", "23"]


@pytest.mark.django_db
def test_parsers_explain_what_is_wrong():
    with pytest.raises(ValueError, match="whole number"):
        imports.integer("12a")
    assert imports.integer("១២,៣០០") == 12300
    assert imports.boolean("បាទ") is True
    assert imports.boolean("No") is False
    parse_level = imports.choice(Level)
    assert parse_level("Village") == "village"
    with pytest.raises(ValueError, match="allowed values: province, district"):
        parse_level("hamlet")


@pytest.mark.django_db
def test_lookup_parser_finds_a_record_by_a_field(geo_world):
    parse = imports.lookup(Area, "code")

    assert parse("12") == geo_world.pp
    with pytest.raises(ValueError, match="No gazetteer unit with NCDD code “99”"):
        parse("99")


@pytest.mark.django_db
def test_command_line_helper_exits_with_a_one_line_summary(csv_file, capsys):
    from django.core.management.base import BaseCommand

    command = BaseCommand()
    with pytest.raises(CommandError, match="Nothing written: 1 row has errors"):
        imports.run_command(command, AreaImporter(), {"file": str(csv_file(FILE_WITH_BAD_LINE_3))})
    assert "line 3, valid_from" in capsys.readouterr().err

    imports.run_command(
        command, AreaImporter(), {"file": str(csv_file(FILE_WITH_BAD_LINE_3)), "skip_invalid": True}
    )
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No such file"):
        imports.run_command(command, AreaImporter(), {"file": "/nonexistent/areas.csv"})


# --- the import pages -------------------------------------------------------------------------


def upload(client, content: str, name: str = "areas.csv"):
    return client.post(
        "/import/areas/",
        {"step": "upload", "file": SimpleUploadedFile(name, content.encode(), "text/csv")},
    )


@pytest.mark.urls(__name__)
def test_upload_page_lists_the_expected_columns(admin_user, client_for):
    response = client_for(admin_user).get("/import/areas/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<code>valid_from</code>" in page
    assert "NCDD code" in page


@pytest.mark.urls(__name__)
def test_preview_page_shows_every_error_with_its_line_and_column_and_writes_nothing(
    admin_user, client_for
):
    response = upload(client_for(admin_user), FILE_WITH_BAD_LINE_3)

    assert response.status_code == 200
    errors = response.context["shown_errors"]
    assert [(e.line, e.column, e.value) for e in errors] == [(3, "valid_from", "2025-13-45")]
    page = response.content.decode()
    assert "2025-13-45" in page and "Not a date" in page
    assert "Import the 2 valid rows, skip the rest" in page
    assert codes() == []


@pytest.mark.urls(__name__)
def test_confirming_the_preview_imports_the_file_and_shows_the_counts(admin_user, client_for):
    client = client_for(admin_user)
    preview = upload(client, HEADER + GOOD_1 + GOOD_2)
    token = preview.context["token"]
    assert preview.context["result"].created == 2 and codes() == []

    result = client.post("/import/areas/", {"step": "commit", "token": token})

    assert result.status_code == 200
    assert result.context["result"].committed
    assert codes() == ["21", "23"]
    assert "Imported <strong>areas.csv</strong>" in result.content.decode()
    # The upload is gone once imported: the same token cannot import it twice.
    again = client.post("/import/areas/", {"step": "commit", "token": token})
    assert again.status_code == 400
    assert "no longer available" in again.content.decode()


@pytest.mark.urls(__name__)
def test_uploads_do_not_stay_on_the_server(admin_user, client_for, upload_dir):
    """Uploaded files hold personal data: they are removed once imported or cancelled, and an
    upload abandoned for more than a day goes with the next one."""
    import os
    import time

    client = client_for(admin_user)
    imported = upload(client, HEADER + GOOD_1).context["token"]
    cancelled = upload(client, HEADER + GOOD_2).context["token"]
    assert len(list(upload_dir.iterdir())) == 2
    client.post("/import/areas/", {"step": "commit", "token": imported})
    client.post("/import/areas/", {"step": "cancel", "token": cancelled})
    assert list(upload_dir.iterdir()) == []
    upload(client, HEADER + GOOD_1)
    (abandoned,) = upload_dir.iterdir()
    day_ago = time.time() - 25 * 3600
    os.utime(abandoned, (day_ago, day_ago))
    upload(client, HEADER + GOOD_2)
    assert abandoned not in list(upload_dir.iterdir()) and len(list(upload_dir.iterdir())) == 1


@pytest.mark.urls(__name__)
def test_confirming_with_skip_invalid_imports_the_good_rows_only(admin_user, client_for):
    client = client_for(admin_user)
    token = upload(client, FILE_WITH_BAD_LINE_3).context["token"]
    rejects = client.get("/import/areas/", {"rejects": token})

    assert rejects.status_code == 200
    assert "2025-13-45" in rejects.content.decode()
    client.post("/import/areas/", {"step": "commit", "token": token, "skip_invalid": "1"})
    assert codes() == ["21", "23"]


@pytest.mark.urls(__name__)
def test_another_users_token_cannot_commit_an_upload(admin_user, client_for, roles, units):
    from santisuk.accounts.services import user_create

    token = upload(client_for(admin_user), HEADER + GOOD_1).context["token"]
    other = user_create(
        username="other.admin", password="Kampot-pepper-2024", role="administrator", unit=units.moi
    )
    response = client_for(other).post("/import/areas/", {"step": "commit", "token": token})

    assert response.status_code == 400
    assert codes() == []


@pytest.mark.urls(__name__)
def test_users_without_the_add_permission_are_refused(pp_officer, client_for):
    assert client_for(pp_officer).get("/import/areas/").status_code == 403


@pytest.mark.urls(__name__)
def test_a_file_that_is_not_csv_text_gets_a_clear_message(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        "/import/areas/",
        {
            "step": "upload",
            "file": SimpleUploadedFile("photo.csv", b"\xff\xd8\xff\xe0binary", "text/csv"),
        },
    )

    assert response.status_code == 200
    assert response.context["result"].fatal
    assert "UTF-8" in response.content.decode()
    assert "Confirm the import" not in response.content.decode()


class NamedAreaImporter(AreaImporter):
    name = "test_areas"


@pytest.mark.django_db
def test_santisuk_import_command_runs_a_registered_importer(csv_file, capsys):
    from django.core.management import call_command

    source = str(csv_file(FILE_WITH_BAD_LINE_3))
    with pytest.raises(CommandError, match="Nothing written"):
        call_command("import", "test_areas", source)
    assert codes() == []
    call_command("import", "test_areas", source, "--skip-invalid")
    assert codes() == ["21", "23"]
    with pytest.raises(CommandError, match="Unknown kind of import “nothing”"):
        call_command("import", "nothing", source)


@pytest.mark.urls(__name__)
def test_a_registry_with_an_importer_gets_an_import_page_linked_from_its_list(
    admin_user, pp_officer, client_for
):
    admin_list = client_for(admin_user).get("/geo-test/testareas/")
    officer_list = client_for(pp_officer).get("/geo-test/testareas/")

    assert admin_list.context["import_url"] == "/geo-test/testareas/import/"
    assert 'href="/geo-test/testareas/import/"' in admin_list.content.decode()
    assert officer_list.status_code == 200
    assert officer_list.context["import_url"] == ""  # may read, may not import
    page = client_for(admin_user).get("/geo-test/testareas/import/")
    assert page.status_code == 200
    assert "Back to the list" in page.content.decode()
