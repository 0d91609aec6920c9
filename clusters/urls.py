from django.urls import path

from clusters import views

app_name = "clusters"

urlpatterns = [
    path("c/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
    path("c/<slug:slug>/<int:year>/", views.year_detail, name="year_detail"),
    path("c/<slug:slug>/<int:year>/sua/", views.year_edit, name="year_edit"),
    path("c/<slug:slug>/<int:year>/khep-lai/", views.year_close, name="year_close"),
    path("c/<slug:slug>/<int:year>/nhat-ky/", views.year_activity, name="year_activity"),
    path(
        "c/<slug:slug>/<int:year>/don-vi/<slug:unit>/dai-dien/",
        views.representative_edit,
        name="representative_edit",
    ),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("nhat-ky/", views.activity, name="activity"),
]
