from django.urls import path

from scoring import ballot_views, views

app_name = "scoring"

YEAR = "c/<slug:slug>/<int:year>/"
SHEET = YEAR + "cham-diem/<slug:unit>/"

urlpatterns = [
    path(YEAR + "tieu-chi/", views.criteria, name="criteria"),
    path(YEAR + "tieu-chi/them/", views.criterion_edit, name="criterion_create"),
    path(YEAR + "tieu-chi/sao-chep/", views.criteria_copy, name="criteria_copy"),
    path(YEAR + "tieu-chi/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
    path(YEAR + "tieu-chi/<int:pk>/xoa/", views.criterion_delete, name="criterion_delete"),
    path(YEAR + "tieu-chi/<int:pk>/di-chuyen/", views.criterion_move, name="criterion_move"),
    path(YEAR + "xep-hang/", views.ranking, name="ranking"),
    path(YEAR + "xep-hang/tong-hop.xlsx", views.consolidated, name="consolidated"),
    path(YEAR + "bo-phieu/", ballot_views.rounds, name="rounds"),
    path(YEAR + "bo-phieu/<int:pk>/", ballot_views.round_detail, name="round"),
    path(YEAR + "bo-phieu/<int:pk>/mo/", ballot_views.round_open, name="round_open"),
    path(YEAR + "bo-phieu/<int:pk>/ket-thuc/", ballot_views.round_close, name="round_close"),
    path(YEAR + "bo-phieu/<int:pk>/huy/", ballot_views.round_cancel, name="round_cancel"),
    path(YEAR + "bo-phieu/<int:pk>/xoa/", ballot_views.round_delete, name="round_delete"),
    path(
        YEAR + "bo-phieu/<int:pk>/kiem-phieu/",
        ballot_views.round_hall_count,
        name="round_hall_count",
    ),
    path(YEAR + "bo-phieu/<int:pk>/phieu/", ballot_views.ballot_cast, name="ballot_cast"),
    path(YEAR + "bo-phieu/<int:pk>/bien-ban.pdf", ballot_views.round_minutes, name="round_minutes"),
    path(
        YEAR + "bo-phieu/<int:pk>/bang-ket-qua.json",
        ballot_views.round_bulletin,
        name="round_bulletin",
    ),
    path(
        YEAR + "bo-phieu/<int:pk>/kiem-tra-phieu/",
        ballot_views.receipt_check,
        name="receipt_check",
    ),
    path(
        YEAR + "bo-phieu/<int:pk>/bien-ban/",
        ballot_views.round_minutes_save,
        name="round_minutes_save",
    ),
    path(SHEET, views.sheet, name="sheet"),
    path(SHEET + "minh-chung/them/", views.evidence_add, name="evidence_add"),
    path(SHEET + "minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path(SHEET + "minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path(SHEET + "dieu-chinh/<int:criterion>/", views.adjust, name="adjust"),
    path(SHEET + "giai-trinh/<int:pk>/", views.answer, name="answer"),
    path(SHEET + "giai-trinh/<int:pk>/khong/", views.waive, name="waive"),
    path(SHEET + "ket-luan/<int:pk>/", views.resolve, name="resolve"),
    path(SHEET + "hoan-tat/", views.finalise, name="finalise"),
    path(SHEET + "bang-diem.xlsx", views.workbook_download, name="workbook_download"),
    path(SHEET + "tai-len/", views.workbook_upload, name="workbook_upload"),
]
