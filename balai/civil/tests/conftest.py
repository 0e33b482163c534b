import pytest


@pytest.fixture
def family(db):
    from .factories import make_family

    return make_family()
