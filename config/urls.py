from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from clusters import views as cluster_views

urlpatterns = [
    path("", cluster_views.home, name="home"),
    path("healthz", cluster_views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Switching language must work on the sign-in page too.
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("", include("clusters.urls")),
    path("", include("scoring.urls")),
    path("", include("awards.urls")),
    path("", include("campaigns.urls")),
]
