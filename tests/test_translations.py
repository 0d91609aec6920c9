"""The English catalogue is complete, and the English interface really shows it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]  # the first is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


@pytest.mark.django_db
def test_the_ranking_page_in_english(world, as_persona):
    client = as_persona("own")
    client.post(reverse("set_language"), {"language": "en"})
    text = client.get(reverse("scoring:ranking", args=[world.cluster.slug, 2018])).text
    assert "Total" in text and "Tổng điểm" not in text
