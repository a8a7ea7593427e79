"""Web security of the portal: CSRF, cookies and sessions, login failure handling, password
rules and response headers. plugin.py registers these modules; none holds business logic of
another feature."""
