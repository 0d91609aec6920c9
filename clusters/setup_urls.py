"""The set-up pages (clusters/setup_views.py) and the password pages."""

from django.urls import path

from clusters import bulk_views, council_setup_views
from clusters import setup_views as views

app_name = "setup"

YEAR = "c/<slug:slug>/<int:year>/thiet-lap/"

urlpatterns = [
    path("thiet-lap/", views.index, name="index"),
    path("thiet-lap/don-vi/", views.unit_list, name="unit_list"),
    path("thiet-lap/don-vi/them/", views.unit_edit, name="unit_add"),
    path("thiet-lap/don-vi/tim/", views.unit_search, name="unit_search"),
    path("thiet-lap/don-vi/<slug:slug>/", views.unit_edit, name="unit_edit"),
    path("thiet-lap/cum-khoi/", views.cluster_list, name="cluster_list"),
    path("thiet-lap/cum-khoi/them/", views.cluster_edit, name="cluster_add"),
    path("thiet-lap/cum-khoi/<slug:slug>/", views.cluster_edit, name="cluster_edit"),
    path("thiet-lap/cum-khoi/<slug:slug>/mo-nam/", views.year_create, name="year_create"),
    path("thiet-lap/hoi-dong/", council_setup_views.council_list, name="council_list"),
    path("thiet-lap/hoi-dong/them/", council_setup_views.council_add, name="council_add"),
    path("thiet-lap/hoi-dong/<slug:slug>/", council_setup_views.council_edit, name="council_edit"),
    path(
        "thiet-lap/hoi-dong/<slug:slug>/can-bo/",
        council_setup_views.council_officer_add,
        name="council_officer_add",
    ),
    path(
        "thiet-lap/hoi-dong/<slug:slug>/can-bo/<int:pk>/thoi/",
        council_setup_views.council_officer_remove,
        name="council_officer_remove",
    ),
    path("thiet-lap/tai-khoan/", views.account_list, name="account_list"),
    path("thiet-lap/tai-khoan/moi/", views.account_invite, name="account_invite"),
    path("thiet-lap/tai-khoan/<int:pk>/", views.account_edit, name="account_edit"),
    path(
        "thiet-lap/tai-khoan/<int:pk>/ngung/", views.account_deactivate, name="account_deactivate"
    ),
    path("thiet-lap/tai-khoan/<int:pk>/mo-lai/", views.account_activate, name="account_activate"),
    path(
        "thiet-lap/tai-khoan/<int:pk>/gui-lai/", views.invitation_resend, name="invitation_resend"
    ),
    path("thiet-lap/nhap-excel/", bulk_views.bulk_import, name="bulk_import"),
    path("thiet-lap/nhap-excel/<int:pk>/", bulk_views.bulk_import_job, name="bulk_import_job"),
    path("thiet-lap/xuat-excel/", views.bulk_export, name="bulk_export"),
    path(YEAR, views.year_setup, name="year_setup"),
    path(YEAR + "thanh-vien/", views.member_set, name="member_set"),
    path(YEAR + "don-vi/tim/", views.year_unit_search, name="year_unit_search"),
    path(YEAR + "thanh-vien/<slug:unit>/bo/", views.member_remove, name="member_remove"),
    path(YEAR + "cham-cheo/", views.review_add, name="review_add"),
    path(YEAR + "cham-cheo/<int:pk>/bo/", views.review_remove, name="review_remove"),
    path(YEAR + "quyen-thu-ky/", views.grant_add, name="grant_add"),
    path(YEAR + "quyen-thu-ky/<int:pk>/bo/", views.grant_remove, name="grant_remove"),
    # Accounts: the invitation's link, password change and reset (Django's views, the app's
    # templates and services).
    path(
        "tai-khoan/moi/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("mat-khau/doi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/quen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mat-khau/quen/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "mat-khau/dat-lai/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
]
