from django.urls import path

from config.public import views

app_name = "public"

urlpatterns = [
    path("cong-khai/<slug:slug>/", views.cluster_index, name="cluster"),
    path("cong-khai/<slug:slug>/<int:year>/", views.year_page, name="year"),
    path(
        "cong-khai/<slug:slug>/<int:year>/tai-lieu/<str:code>/",
        views.document,
        name="document",
    ),
    # The secretariat publishes and withdraws from the year's own pages (signed in).
    path("c/<slug:slug>/<int:year>/cong-khai/", views.publication_page, name="publication"),
]
