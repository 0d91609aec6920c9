"""Documents name a cluster and its leaders by its kind: a khối has a Khối trưởng."""

import pytest
from django.urls import reverse

from clusters.documents.format import cluster_words
from clusters.models import Cluster


def test_the_words_follow_the_kind():
    assert cluster_words(Cluster.Kind.CUM).head == "Cụm trưởng"
    assert cluster_words(Cluster.Kind.KHOI).head == "Khối trưởng"
    assert cluster_words(Cluster.Kind.KHOI).deputy == "Khối phó"


@pytest.mark.django_db
def test_a_khois_report_speaks_of_its_khối_trưởng(world, as_persona):
    world.cluster.kind = Cluster.Kind.KHOI
    world.cluster.save()
    url = reverse("campaigns:report", args=[world.cluster.slug, world.year.year])
    text = as_persona("secretariat").get(url).text
    assert "Chưa suy tôn Khối trưởng, Khối phó" in text
    assert "Cụm trưởng, Cụm phó năm" not in text
