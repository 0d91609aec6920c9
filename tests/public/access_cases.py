"""Access cases of the public pages, the publication page and the award statistics, for every
persona (tests/test_access_matrix.py). The public pages answer everyone alike, signed in or not."""

from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.personas import PERSONAS, World
from tests.public.helpers import closed, published

EVERYONE = {p: 200 for p in PERSONAS}
NOBODY = {p: 404 for p in PERSONAS}
SECRETARIAT_REDIRECT = {
    "secretariat": 302,
    "own": 403,
    "other": 403,
    "viewer": 403,
    "outsider": 404,
}


def _cluster(w: World) -> list:
    published(w)
    return [w.cluster.slug]


def _unpublished_cluster(w: World) -> list:
    closed(w)
    return [w.cluster.slug]


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _published_year(w: World) -> list:
    published(w)
    return _year(w)


def _closed_year(w: World) -> list:
    closed(w)
    return _year(w)


def _document(w: World) -> list:
    """A stored report of the published year."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from clusters.models import StoredDocument

    published(w)
    document = StoredDocument(
        kind=StoredDocument.Kind.REPORT,
        year=w.year,
        source_type=ContentType.objects.get_for_model(w.year),
        source_id=w.year.pk,
        sha256="0" * 64,
        size=15,
        content_type="application/pdf",
        filename="bao-cao-tong-ket-2018.pdf",
        code="K7QM4XPD9R",
    )
    document.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    document.save()
    return [*_year(w), document.code]


CASES = [
    Case("public:cluster", _cluster, expect=EVERYONE),
    # Nothing published: the cluster's public index does not exist, for anyone.
    Case("public:cluster", _unpublished_cluster, expect=NOBODY),
    Case("public:year", _published_year, expect=EVERYONE),
    Case("public:year", _closed_year, expect=NOBODY),
    Case("public:document", _document, expect=EVERYONE),
    Case("public:publication", _closed_year, expect=SECRETARIAT_ONLY),
    Case(
        "public:publication",
        _closed_year,
        method="post",
        data={"action": "publish", "confirm": "on"},
        expect=SECRETARIAT_REDIRECT,
    ),
    Case(
        "public:publication",
        _published_year,
        method="post",
        data={"action": "unpublish", "reason": "Sửa quyết định đã công khai."},
        expect=SECRETARIAT_REDIRECT,
    ),
    Case("awards:statistics", _year, expect=READ_IN_CLUSTER),
    Case("awards:statistics_workbook", _year, expect=READ_IN_CLUSTER),
    Case("awards:council_statistics", _year, expect=READ_IN_CLUSTER),
    Case("awards:council_statistics_workbook", _year, expect=READ_IN_CLUSTER),
]
