"""Official names of units for documents, and each unit kind's wording (issuing body, titles,
place, "Nơi nhận"), seeded with the law's defaults from clusters/wording.py. Also the kinds of a
Party agency and a mass organisation."""

from importlib import import_module

from django.db import migrations, models


def seed_wordings(apps, schema_editor):
    from clusters.wording import seed_wordings as seed

    seed(apps.get_model("clusters", "UnitKindWording"))


def _sqlite(statements_name):
    """SQLite rebuilds clusters_unit to add a column, and a trigger of clusters_membership that
    names it would break the rebuild: dropped before, created again after (migration 0002)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        validity = import_module("clusters.migrations.0002_membership_within_unit_validity")
        for statement in getattr(validity, statements_name):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("clusters", "0009_stored_documents")]

    operations = [
        migrations.RunPython(_sqlite("SQLITE_REVERSE"), _sqlite("SQLITE_FORWARD")),
        migrations.CreateModel(
            name="UnitKindWording",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("province", "Tỉnh"),
                            ("city", "Thành phố trực thuộc Trung ương"),
                            ("agency", "Bộ, ngành, cơ quan"),
                            ("party", "Cơ quan của Đảng"),
                            ("mass_organisation", "Tổ chức chính trị - xã hội"),
                        ],
                        max_length=20,
                        unique=True,
                        verbose_name="loại đơn vị",
                    ),
                ),
                (
                    "members_word",
                    models.CharField(
                        help_text="Trong “Nơi nhận”, ví dụ: tỉnh; thành phố; bộ, ngành.",
                        max_length=100,
                        verbose_name="cách gọi các đơn vị thành viên",
                    ),
                ),
                (
                    "council",
                    models.CharField(
                        blank=True,
                        help_text="Cơ quan làm việc theo chế độ tập thể, ký “TM.”: Ủy ban nhân dân. Để trống khi người đứng đầu ký (chế độ thủ trưởng), như một bộ.",
                        max_length=100,
                        verbose_name="tập thể lãnh đạo",
                    ),
                ),
                (
                    "head_title",
                    models.CharField(max_length=100, verbose_name="chức danh người đứng đầu"),
                ),
                (
                    "deputy_title",
                    models.CharField(max_length=100, verbose_name="chức danh cấp phó"),
                ),
                (
                    "on_behalf",
                    models.CharField(
                        default="KT.",
                        help_text="Cấp phó ký thay người đứng đầu: KT. (văn bản của Đảng: K/T).",
                        max_length=10,
                        verbose_name="ký thay",
                    ),
                ),
                (
                    "locality",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Hà Nội cho một bộ. Để trống: tên tỉnh, thành phố.",
                        max_length=100,
                        verbose_name="địa danh mặc định",
                    ),
                ),
                (
                    "proposer",
                    models.CharField(
                        help_text="Trong “Xét đề nghị của …” của quyết định, ví dụ: Giám đốc Sở Nội vụ.",
                        max_length=200,
                        verbose_name="người đề nghị khen thưởng",
                    ),
                ),
                (
                    "executors",
                    models.CharField(
                        help_text="Điều 3 của quyết định; {body} là tên cơ quan ban hành.",
                        max_length=300,
                        verbose_name="người thi hành quyết định",
                    ),
                ),
                (
                    "leaders",
                    models.CharField(
                        help_text="Trong “Nơi nhận”, ví dụ: Chủ tịch, các Phó Chủ tịch UBND tỉnh.",
                        max_length=200,
                        verbose_name="lãnh đạo nhận quyết định",
                    ),
                ),
                (
                    "archive",
                    models.CharField(
                        default="VT",
                        help_text="Sau “Lưu:”, ví dụ: VT, SNV.",
                        max_length=60,
                        verbose_name="nơi lưu",
                    ),
                ),
            ],
            options={
                "verbose_name": "cách gọi theo loại đơn vị",
                "verbose_name_plural": "cách gọi theo loại đơn vị",
                "ordering": ["kind"],
            },
        ),
        migrations.AddField(
            model_name="unit",
            name="body_name",
            field=models.CharField(
                blank=True,
                help_text="Tên Ủy ban nhân dân hoặc cơ quan ký văn bản, ví dụ: Ủy ban nhân dân Thành phố Hồ Chí Minh. Để trống: theo loại đơn vị.",
                max_length=200,
                verbose_name="tên cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="deputy_title",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: Phó Chủ tịch, Thứ trưởng. Để trống: theo loại đơn vị.",
                max_length=100,
                verbose_name="chức danh cấp phó",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="full_name",
            field=models.CharField(
                blank=True,
                help_text="Kể cả từ chỉ loại, ví dụ: Thành phố Hồ Chí Minh, Bộ Nội vụ. Để trống: từ chỉ loại và tên đơn vị (tỉnh Hà Nam). Tên đơn vị ở trên là tên ngắn (TP Hồ Chí Minh).",
                max_length=200,
                verbose_name="tên đầy đủ trên văn bản",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="head_title",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: Chủ tịch, Bộ trưởng, Trưởng ban. Để trống: theo loại đơn vị.",
                max_length=100,
                verbose_name="chức danh người đứng đầu",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="locality",
            field=models.CharField(
                blank=True,
                help_text="Địa danh ở dòng ngày tháng, ví dụ: Hà Nội. Để trống: theo loại đơn vị, hoặc tên tỉnh, thành phố.",
                max_length=100,
                verbose_name="địa danh trên văn bản",
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("province", "Tỉnh"),
                    ("city", "Thành phố trực thuộc Trung ương"),
                    ("agency", "Bộ, ngành, cơ quan"),
                    ("party", "Cơ quan của Đảng"),
                    ("mass_organisation", "Tổ chức chính trị - xã hội"),
                ],
                default="province",
                max_length=20,
                verbose_name="loại",
            ),
        ),
        migrations.AlterField(
            model_name="representative",
            name="title",
            field=models.CharField(
                help_text="Ví dụ: Phó Chủ tịch, Thứ trưởng.", max_length=200, verbose_name="chức vụ"
            ),
        ),
        migrations.RunPython(_sqlite("SQLITE_FORWARD"), _sqlite("SQLITE_REVERSE")),
        migrations.RunPython(seed_wordings, migrations.RunPython.noop),
    ]
