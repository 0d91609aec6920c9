from django.contrib.auth.backends import ModelBackend

from clusters.models import User


class UnitAwareBackend(ModelBackend):
    """The standard backend, loading the person's unit with them: every page shows it."""

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
