"""A fault at the very end of a request: PostgreSQL gone as CKAN's own after_request hook ends
the request's database session (the soak met it), so a view that succeeded is answered 503."""
from __future__ import annotations

import sqlalchemy as sa
from ckan import model


def database_gone_at_the_end(monkeypatch, app) -> None:
    """From now on (until `monkeypatch.undo()`), every request of `app` ends that way."""
    remove = model.Session.remove

    def server_gone():
        remove()
        raise sa.exc.OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(model.Session, "remove", server_gone)
    # As served (not under test): an exception ending the request goes to the 500 handler.
    monkeypatch.setitem(app.flask_app.config, "PROPAGATE_EXCEPTIONS", False)
