"""The organising council as data (issue 11): Council and CouncilOfficer; Cluster.council, a
name until now, becomes a ForeignKey. One Council per distinct non-empty name: "Trung ương" in it
makes it the central council; a provincial council gets its province when exactly one unit's
name ends the council's name ("… tỉnh Hà Nam")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

from clusters.text import fold


def names_to_councils(apps, schema_editor):
    Cluster = apps.get_model("clusters", "Cluster")
    Council = apps.get_model("clusters", "Council")
    Unit = apps.get_model("clusters", "Unit")
    units = list(Unit.objects.filter(valid_to__isnull=True).only("pk", "search_name"))
    councils: dict[str, object] = {}
    for cluster in Cluster.objects.exclude(council_name=""):
        name = " ".join(cluster.council_name.split())
        if not name:
            continue
        if name not in councils:
            folded = fold(name)
            central = "trung uong" in folded
            matches = [u for u in units if u.search_name and folded.endswith(" " + u.search_name)]
            base = slugify(folded)[:70].strip("-") or "hoi-dong"
            slug, n = base, 1
            while Council.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            councils[name] = Council.objects.create(
                name=name,
                slug=slug,
                kind="central" if central else "provincial",
                province=matches[0] if not central and len(matches) == 1 else None,
            )
        cluster.council = councils[name]
        cluster.save(update_fields=["council"])


def councils_to_names(apps, schema_editor):
    Cluster = apps.get_model("clusters", "Cluster")
    for cluster in Cluster.objects.filter(council__isnull=False).select_related("council"):
        cluster.council_name = cluster.council.name
        cluster.save(update_fields=["council_name"])


class Migration(migrations.Migration):
    dependencies = [("clusters", "0010_unit_wording")]

    operations = [
        migrations.CreateModel(
            name="Council",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(max_length=200, unique=True, verbose_name="tên hội đồng"),
                ),
                ("slug", models.SlugField(max_length=80, unique=True, verbose_name="mã định danh")),
                (
                    "kind",
                    models.CharField(
                        choices=[("central", "Trung ương"), ("provincial", "Tỉnh, thành phố")],
                        default="provincial",
                        max_length=20,
                        verbose_name="cấp",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        help_text="Để trống với Hội đồng Trung ương.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="councils",
                        to="clusters.unit",
                        verbose_name="tỉnh, thành phố",
                    ),
                ),
            ],
            options={
                "verbose_name": "hội đồng thi đua, khen thưởng",
                "verbose_name_plural": "hội đồng thi đua, khen thưởng",
                "ordering": ["kind", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind", "central"), _negated=True)
                        | models.Q(("province__isnull", True)),
                        name="central_council_has_no_province",
                        violation_error_message=(
                            "Hội đồng Trung ương không thuộc một tỉnh, thành phố."
                        ),
                    )
                ],
            },
        ),
        migrations.RenameField(model_name="cluster", old_name="council", new_name="council_name"),
        migrations.AddField(
            model_name="cluster",
            name="council",
            field=models.ForeignKey(
                blank=True,
                help_text="Hội đồng thi đua, khen thưởng tổ chức cụm, khối.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="clusters",
                to="clusters.council",
                verbose_name="hội đồng tổ chức",
            ),
        ),
        migrations.RunPython(names_to_councils, councils_to_names),
        migrations.RemoveField(model_name="cluster", name="council_name"),
        migrations.CreateModel(
            name="CouncilOfficer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="officers",
                        to="clusters.council",
                        verbose_name="hội đồng",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="council_office",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người dùng",
                    ),
                ),
            ],
            options={
                "verbose_name": "cán bộ của hội đồng",
                "verbose_name_plural": "cán bộ của hội đồng",
                "ordering": ["council", "user__username"],
            },
        ),
    ]
