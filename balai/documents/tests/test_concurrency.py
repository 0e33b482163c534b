import threading

import pytest
from django.db import connection, connections

from balai.documents.models import Document, Status

from .factories import issue_letter


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_of_the_same_subject_type_version_gives_one_document(media_root):
    before = set(media_root.rglob("*.pdf"))
    results, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            results.append(issue_letter(subject_id="RACE", doc_type="kk").pk)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    documents = list(Document.objects.filter(subject_id="RACE"))
    assert len(documents) == 1 and documents[0].status == Status.VALID
    assert set(results) == {documents[0].pk}
    # the losers' files were deleted: one stored PDF, and it is the one the row points to
    new_files = set(media_root.rglob("*.pdf")) - before
    assert [p.name for p in new_files] == [documents[0].storage_key.rsplit("/", 1)[1]]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_of_different_subjects_gets_distinct_numbers():
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def worker(i):
        try:
            barrier.wait()
            numbers.append(issue_letter(subject_id=f"MANY-{i}").number)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(n.split("/")[0] for n in numbers) == ["0001", "0002", "0003", "0004"]
