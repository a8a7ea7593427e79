"""CKAN core strings the portal words as a Chinese portal does (登录, not 登陆). They are listed
here so that extraction keeps them in our catalogue; a plugin's translations are merged over
CKAN's own, so ours win. The Chinese is in i18n/zh_Hans_CN; English keeps CKAN's words."""


def N_(text: str) -> str:      # marks a string for extraction only
    return text


CORE_STRINGS = (
    N_("Log in"), N_("Login"), N_("Register"), N_("Followers"), N_("Social"), N_("Log out"),
    N_("There is no description for this organization."), N_("There is no description for this {object_type}."),
    N_("Activity Stream"), N_("Organizations"), N_("Datasets"), N_("Search Datasets..."), N_("Search datasets..."),
    N_("Create an Account"), N_("Need an Account?"), N_("Forgotten your password?"), N_("Remember me"),
)
