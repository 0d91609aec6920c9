from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clusters import two_factor, verify_views
from clusters import views as cluster_views
from config import views as config_views

# Second factors change only through clusters.two_factor's services, which audit every change;
# django-otp's own admin pages would bypass that and show the keys.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)

# The admin signs in through the app's sign-in page, never its own password form.
admin.site.login = two_factor.admin_login

urlpatterns = [
    path("", cluster_views.home, name="home"),
    path("healthz", cluster_views.healthz, name="healthz"),
    # Password first (django-axes, the per-account slowdown), then the code for those with one.
    path("dang-nhap/", two_factor.SignInView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", two_factor.verify, name="two_factor_verify"),
    path("bao-mat/", two_factor.security, name="two_factor"),
    path("bao-mat/thiet-lap/", two_factor.setup, name="two_factor_setup"),
    path("bao-mat/go-bo/", two_factor.remove, name="two_factor_remove"),
    path("bao-mat/ma-du-phong/", two_factor.renew_codes, name="two_factor_renew_codes"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("kiem-tra/", verify_views.verify, name="verify"),
    path("kiem-tra/<str:code>/", verify_views.verify_code, name="verify_code"),
    # Switching language must work on the sign-in page too.
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("c/<slug:slug>/<int:year>/ho-so/", config_views.year_dossier, name="year_dossier"),
    path(
        "c/<slug:slug>/<int:year>/ho-so/<int:build>/tai-ve/",
        config_views.year_dossier_download,
        name="year_dossier_download",
    ),
    path("hoi-dong/", include("config.council_urls")),
    path("", include("clusters.urls")),
    path("", include("clusters.setup_urls")),
    path("", include("scoring.urls")),
    path("", include("awards.urls")),
    path("", include("campaigns.urls")),
    path("", include("config.public.urls")),
    path("", include("config.api.urls")),
]
