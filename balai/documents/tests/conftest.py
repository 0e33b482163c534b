"""Fixtures of the documents tests: a development CA made for this session in a temporary
directory (like `balai init_signing`), and documents stored in a temporary media root, so the
tests depend on nothing in var/."""

from __future__ import annotations

import pytest
from django.test import override_settings

from balai.conftest import signing_settings
from balai.documents.pki import ensure_dev_pki
from balai.documents.signers import reset_signer_cache


@pytest.fixture(scope="session")
def signing_pki(tmp_path_factory):
    return ensure_dev_pki(tmp_path_factory.mktemp("signing"))


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session", autouse=True)
def _signing_settings(signing_pki, media_root):
    override = override_settings(**signing_settings(signing_pki, media_root))
    override.enable()
    reset_signer_cache()
    yield
    override.disable()
    reset_signer_cache()
