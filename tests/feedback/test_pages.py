"""The pages: who may open which, prefilled forms, escaped text, the bureau's export."""
import io
import re

import ckan.model as model
import pytest
from openpyxl import load_workbook

from tests.feedback.conftest import call


def _client(app, user=None):
    return app.test_client(user=model.User.get(user)) if user else app.test_client()


def _get(app, url, user=None, **kw):
    return _client(app, user).get(url, **kw)


def signed_in(app, user: str):
    client = _client(app, user)
    page = client.get("/requests").get_data(as_text=True)
    return client, {"X-CSRFToken": re.search(r'<meta name="_csrf_token" content="([^"]+)"', page).group(1)}


@pytest.fixture
def filed(world):
    made = call("shaoxing_feedback_create", world["citizen"], title="=HYPERLINK(\"x\")<b>粗</b>", description="d")
    call("shaoxing_feedback_route", world["bureau"], id=made["id"], organization_id="fb-dept-a")
    return made


def test_who_opens_which_page(app, world, filed):
    who = {"": None, "citizen": world["citizen"], "editor_b": world["editor_b"], "editor_a": world["editor_a"],
           "bureau": world["bureau"]}
    pages = {"/requests": {"", "citizen", "editor_b", "editor_a", "bureau"},
             f"/requests/{filed['id']}": {"", "citizen", "editor_b", "editor_a", "bureau"},
             "/requests/mine": {"citizen", "editor_b", "editor_a", "bureau"},
             "/requests/new": {"citizen", "editor_b", "editor_a", "bureau"},
             "/requests/queue/fb-dept-a": {"editor_a", "bureau"},
             "/requests/bureau": {"bureau"}, "/requests/holidays": {"bureau"}}
    for url, allowed in pages.items():
        for role, user in who.items():
            status = _get(app, url, user, follow_redirects=False).status_code
            if role in allowed:
                assert status == 200, (url, role)
            else:
                assert status in (302, 403), (url, role, status)


def test_text_is_shown_escaped_and_forms_are_prefilled(app, world, filed):
    page = _get(app, f"/requests/{filed['id']}").get_data(as_text=True)
    assert "&lt;b&gt;粗&lt;/b&gt;" in page and "<b>粗</b>" not in page
    form = _get(app, "/requests/new?title=%E5%85%AC%E4%BA%A4&package_id=fb-closed", world["citizen"])
    assert 'value="公交"' in form.get_data(as_text=True)
    entry = _get(app, "/dataset/fb-closed").get_data(as_text=True)
    assert "/requests/new?package_id=fb-closed" in entry.replace("&amp;", "&")


def test_a_filing_by_form_redirects_and_errors_name_the_field(app, world):
    client, headers = signed_in(app, world["citizen"])
    bad = client.post("/requests/new", data={"title": "", "description": "d"}, headers=headers)
    assert bad.status_code == 400 and 'data-field="title"' in bad.get_data(as_text=True)
    good = client.post("/requests/new", data={"title": "需要数据", "description": "d", "contact": "portal"},
                       headers=headers, follow_redirects=False)
    assert good.status_code == 302 and "/requests/" in good.headers["Location"]
    # Filed by the form (every field sent, the empty ones too), it is public at once.
    assert _get(app, good.headers["Location"]).status_code == 200


def test_the_bureau_export_is_formula_safe(app, world, filed):
    reply = _get(app, "/requests/bureau.xlsx", world["bureau"])
    assert reply.status_code == 200
    sheet = load_workbook(io.BytesIO(reply.data)).active
    rows = list(sheet.iter_rows(values_only=False))
    assert rows[1][3].value == filed["title"] and rows[1][3].data_type == "s"


def test_the_entry_that_answers_a_request_says_so(app, world):
    made = call("shaoxing_feedback_create", world["citizen"], title="t", description="d")
    call("shaoxing_feedback_answer", world["bureau"], id=made["id"], state="fulfilled", package_id="fb-answer")
    page = _get(app, "/dataset/fb-answer").get_data(as_text=True)
    assert "feedback-answers" in page and "回应了 1 条数据需求" in page
