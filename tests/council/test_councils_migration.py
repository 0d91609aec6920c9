"""clusters 0011 turns each cluster's council name into a Council: one per distinct name, the
central one by "Trung ương", a provincial one with its province when a unit's name ends it; and
back to the names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# On SQLite, going back past clusters 0012 remakes the years' table under the memberships'
# validity trigger, which SQLite then refuses: the round trip runs on PostgreSQL (CI runs both).
pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="clusters 0012 cannot be unapplied on SQLite"
)

BEFORE = [("clusters", "0010_unit_wording")]
AFTER = [("clusters", "0011_councils")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def before_councils(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the other tests expect


def test_names_become_councils_and_come_back(before_councils):
    apps = before_councils
    Cluster, Unit = apps.get_model("clusters", "Cluster"), apps.get_model("clusters", "Unit")
    Unit.objects.create(name="Quảng Ninh", slug="quang-ninh", search_name="quang ninh")
    central = "Hội đồng Thi đua - Khen thưởng Trung ương"
    rows = {
        "dbsh": central,
        "tay-bac": f"  {central} ",  # the same council, typed with spaces
        "qn-1": "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ninh",
        "mot-minh": "",
    }
    for slug, council in rows.items():
        Cluster.objects.create(name=slug, slug=slug, council=council)

    apps = _migrate(AFTER)
    Council = apps.get_model("clusters", "Council")
    Cluster = apps.get_model("clusters", "Cluster")
    assert Council.objects.count() == 2
    by_slug = {c.slug: c for c in Cluster.objects.select_related("council", "council__province")}
    assert by_slug["dbsh"].council == by_slug["tay-bac"].council
    assert (by_slug["dbsh"].council.kind, by_slug["dbsh"].council.province) == ("central", None)
    provincial = by_slug["qn-1"].council
    assert (provincial.kind, provincial.province.slug) == ("provincial", "quang-ninh")
    assert by_slug["mot-minh"].council is None

    apps = _migrate(BEFORE)
    names = dict(apps.get_model("clusters", "Cluster").objects.values_list("slug", "council"))
    assert names == {
        "dbsh": central,
        "tay-bac": central,
        "qn-1": "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ninh",
        "mot-minh": "",
    }
