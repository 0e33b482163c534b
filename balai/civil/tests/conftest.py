import pytest


@pytest.fixture
def family(db):
    from .factories import make_family

    return make_family()


@pytest.fixture
def household(make_citizen):
    """(card, head, wife, citizen): a married couple's family card, the wife signed in at the matched level."""
    from .factories import make_family

    card, head, wife = make_family()
    return card, head, wife, make_citizen(nik=wife.nik, full_name=wife.full_name, identity="matched")
