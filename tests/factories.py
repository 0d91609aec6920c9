"""factory_boy factories for the clusters app."""

import factory
from django.conf import settings

from clusters.models import (
    Cluster,
    Council,
    EmulationYear,
    Membership,
    Representative,
    Unit,
    User,
)
from clusters.text import fold


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tỉnh Số {n}")
    slug = factory.LazyAttribute(lambda o: fold(o.name).replace(" ", "-"))
    # Three digits: never one of the real two-digit codes tests type (01 Hà Nội, 36, 48…).
    admin_code = factory.Sequence(lambda n: f"9{n % 100:02d}")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["slug"]

    name = "Hội đồng Thi đua - Khen thưởng Trung ương"
    slug = "hoi-dong-thi-dua-khen-thuong-trung-uong"
    kind = Council.Kind.CENTRAL


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    slug = factory.LazyAttribute(lambda o: fold(o.name).replace(" ", "-"))
    council = factory.SubFactory(CouncilFactory)


class YearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmulationYear

    cluster = factory.SubFactory(ClusterFactory)
    year = 2018
    phase = EmulationYear.Phase.IN_PROGRESS


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    year = factory.SubFactory(YearFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.MEMBER


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    full_name = "Nguyễn Văn A"
    title = "Phó Chủ tịch UBND tỉnh"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = User.Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook signature
        if create:
            obj.save()
