"""Fixtures of the quality tests: the case engine's fixtures (catalogue, media, a case, a fake
document issuer) plus a completed case."""

from __future__ import annotations

import itertools

import pytest

from balai.cases.tests.conftest import (  # noqa: F401 - fixtures
    _catalogue_present,
    _media,
    citizen,
    fake_documents,
    make_case,
    officer,
    supervisor,
    verify_all,
)

_tx = itertools.count(1)


@pytest.fixture
def complete_case(officer, fake_documents, django_capture_on_commit_callbacks):  # noqa: F811
    """Take a submitted case through claim, verification and approval to ``completed``."""
    from balai.cases.services import application_act

    def complete(app, *, returned: bool = False):
        app = application_act(application=app, by=officer, action="claim")
        if returned:
            app = application_act(application=app, by=officer, action="return", note="Scan buram",
                                  transaction_id=f"r{next(_tx)}")
            app = application_act(application=app, by=app.applicant, action="resubmit", transaction_id=f"rs{next(_tx)}")
            app = application_act(application=app, by=officer, action="claim")
        verify_all(app, officer)
        with django_capture_on_commit_callbacks(execute=True):
            application_act(application=app, by=officer, action="approve")
        app.refresh_from_db()
        return app

    return complete
