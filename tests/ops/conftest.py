from tests.access.conftest import world  # noqa: F401  (the company-access world, for the drill)
