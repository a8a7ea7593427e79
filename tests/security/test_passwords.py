"""Finding 8: password rules on registration and password change — at least 10 characters,
three of four character classes, not the user name — for the forms and for user_create /
user_update; bilingual messages under the field that was checked."""
import pytest
from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins", "clean_db")]

WEAK = {"short": "Ab1-short", "two classes": "alllowercase123", "user name": "Xx-Carol-2026!"}


@pytest.mark.parametrize("password", list(WEAK.values()), ids=list(WEAK))
def test_user_create_refuses_weak_passwords(password):
    with pytest.raises(helpers.logic.ValidationError) as e:
        helpers.call_action("user_create", name="carol", email="carol@example.com", password=password)
    message = " ".join(e.value.error_dict["password"])
    assert " / " in message and "密码" in message          # bilingual


def test_user_create_accepts_a_strong_password():
    user = helpers.call_action("user_create", name="carol", email="carol@example.com", password="Tea-garden-42")
    assert user["name"] == "carol"


def test_user_update_refuses_a_weak_password():
    user = ckan_factories.User(name="dave", password="First-pass-2026")
    with pytest.raises(helpers.logic.ValidationError) as e:
        helpers.call_action("user_update", context={"user": "dave"}, id=user["id"], email=user["email"],
                            password="dave-Dave-99", old_password="First-pass-2026")
    assert "用户名" in " ".join(e.value.error_dict["password"])
    helpers.call_action("user_update", context={"user": "dave"}, id=user["id"], email=user["email"],
                        password="Strong-river-7", old_password="First-pass-2026")


def test_registration_form_shows_the_rule_under_the_password_field(app):
    form = app.get("/user/register").body
    token = form.split('name="_csrf_token" value="')[1].split('"')[0]
    res = app.post("/user/register", data={"name": "erin", "fullname": "Erin", "email": "erin@example.com",
                                           "password1": "weakpass", "password2": "weakpass",
                                           "_csrf_token": token, "save": ""})
    body = res.body
    field = body.index('id="field-password"')
    block = body[body.rindex('<div class="form-group', 0, field):body.index('id="field-confirm-password"')]
    assert "至少 10 个字符" in block
    assert model.User.get("erin") is None


def test_registration_with_a_strong_password_signs_up(app):
    form = app.get("/user/register").body
    token = form.split('name="_csrf_token" value="')[1].split('"')[0]
    app.post("/user/register", data={"name": "frank", "fullname": "Frank", "email": "frank@example.com",
                                     "password1": "Canal-boat-2026", "password2": "Canal-boat-2026",
                                     "_csrf_token": token, "save": ""})
    assert helpers.call_action("user_show", id="frank")["name"] == "frank"
