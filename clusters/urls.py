from django.urls import path

from clusters import notice_views, views

app_name = "clusters"

urlpatterns = [
    path("c/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
    path("c/<slug:slug>/<int:year>/", views.year_detail, name="year_detail"),
    path("c/<slug:slug>/<int:year>/sua/", views.year_edit, name="year_edit"),
    path("c/<slug:slug>/<int:year>/khep-lai/", views.year_close, name="year_close"),
    path("c/<slug:slug>/<int:year>/moc-thoi-gian/", views.year_timeline, name="year_timeline"),
    path("c/<slug:slug>/<int:year>/giai-doan/", views.year_phase, name="year_phase"),
    path("c/<slug:slug>/<int:year>/nhat-ky/", views.year_activity, name="year_activity"),
    path(
        "c/<slug:slug>/<int:year>/don-vi/<slug:unit>/dai-dien/",
        views.representative_edit,
        name="representative_edit",
    ),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("nhat-ky/", views.activity, name="activity"),
    path("thong-bao/", notice_views.notices, name="notices"),
    path("thong-bao/<int:pk>/mo/", notice_views.notice_open, name="notice_open"),
    path("thong-bao/da-doc/", notice_views.notices_read_all, name="notices_read_all"),
    path("thong-bao/cai-dat/", notice_views.notice_settings, name="notice_settings"),
]
