from django.urls import path

from campaigns import views

app_name = "campaigns"

YEAR = "c/<slug:slug>/<int:year>/"

urlpatterns = [
    path("phong-trao/", views.campaign_list, name="campaign_list"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("phong-trao/<int:pk>/van-ban/", views.campaign_document, name="campaign_document"),
    path(YEAR + "phong-trao/", views.year_campaigns, name="year_campaigns"),
    path(YEAR + "phong-trao/chon/", views.year_campaigns_edit, name="year_campaigns_edit"),
    # The campaigns app's part of the year's set-up page (clusters/setup_urls.py).
    path(YEAR + "thiet-lap/phong-trao/", views.campaign_add, name="campaign_add"),
    path(
        YEAR + "phong-trao/<int:campaign>/<slug:unit>/",
        views.report_detail,
        name="report_detail",
    ),
    path(
        YEAR + "phong-trao/<int:campaign>/<slug:unit>/sua/",
        views.report_edit,
        name="report_edit",
    ),
    path(YEAR + "hoi-nghi/", views.conference, name="conference"),
    path(YEAR + "hoi-nghi/sua/", views.conference_edit, name="conference_edit"),
    path(YEAR + "bao-cao/", views.report, name="report"),
    path(YEAR + "bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path(YEAR + "giao-uoc/", views.covenant_detail, name="covenant_detail"),
    path(YEAR + "giao-uoc/soan/", views.covenant_edit, name="covenant_edit"),
    path(YEAR + "giao-uoc/mo-ky-ket/", views.covenant_open, name="covenant_open"),
    path(YEAR + "giao-uoc/sua-doi/", views.covenant_amend, name="covenant_amend"),
    path(YEAR + "giao-uoc/ky/<slug:unit>/", views.covenant_sign, name="covenant_sign"),
    path(
        YEAR + "giao-uoc/chung-thu-so/<slug:unit>/",
        views.covenant_signing_key,
        name="covenant_signing_key",
    ),
    path(
        YEAR + "giao-uoc/ky-ngoai/<slug:unit>/",
        views.covenant_sign_external,
        name="covenant_sign_external",
    ),
    path(
        YEAR + "giao-uoc/ky-ngoai/<slug:unit>/<uuid:prepared>/",
        views.covenant_sign_return,
        name="covenant_sign_return",
    ),
    path(YEAR + "giao-uoc/v<int:version>/", views.covenant_document, name="covenant_document"),
    path(YEAR + "giao-uoc/v<int:version>.pdf", views.covenant_pdf, name="covenant_pdf"),
]
