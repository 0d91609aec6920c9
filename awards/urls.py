from django.urls import path

from awards import certificate_views, proposal_views, statistics_views, views

app_name = "awards"

YEAR = "c/<slug:slug>/<int:year>/khen-thuong/"
DECISION = YEAR + "quyet-dinh/<int:pk>/"
RECIPIENT = DECISION + "nguoi-nhan/<int:rid>/"
PROPOSAL = YEAR + "to-trinh/<int:pk>/"

urlpatterns = [
    path("so-khen-thuong/", views.registry, name="registry"),
    path(YEAR, views.year_awards, name="year_awards"),
    path(YEAR + "mau-danh-sach.xlsx", views.import_template, name="import_template"),
    path(YEAR + "quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path(DECISION, views.decision_detail, name="decision_detail"),
    path(DECISION + "sua/", views.decision_edit, name="decision_edit"),
    path(DECISION + "xoa/", views.decision_delete, name="decision_delete"),
    path(DECISION + "nguoi-nhan/moi/", views.recipient_create, name="recipient_create"),
    path(DECISION + "nhap-excel/", views.recipients_import, name="recipients_import"),
    # A big workbook, imported in the background (awards/import_jobs.py).
    path(
        DECISION + "nhap-excel/<int:job>/",
        views.recipients_import_job,
        name="recipients_import_job",
    ),
    path(DECISION + "danh-sach.xlsx", views.recipients_export, name="recipients_export"),
    path(DECISION + "bang-khen.pdf", views.decision_certificates, name="decision_certificates"),
    path(DECISION + "quyet-dinh.pdf", views.decision_document, name="decision_document"),
    # A whole decision's certificates, made in the background (awards/certificate_jobs.py).
    path(
        DECISION + "bang-khen/",
        certificate_views.decision_certificates_job,
        name="decision_certificates_job",
    ),
    path(
        DECISION + "bang-khen/<int:job>/tai-ve/",
        certificate_views.decision_certificates_job_download,
        name="decision_certificates_job_download",
    ),
    # The blanks' print of a big decision, on the same page (its kind and printer offset).
    path(
        DECISION + "bang-khen-phoi/",
        certificate_views.decision_certificates_job,
        {"kind": "blank"},
        name="blank_certificates_job",
    ),
    path(
        DECISION + "bang-khen-phoi.pdf",
        views.decision_certificates_blank,
        name="decision_certificates_blank",
    ),
    path(
        DECISION + "can-chinh-phoi.pdf",
        views.decision_certificate_calibration,
        name="decision_certificate_calibration",
    ),
    path(RECIPIENT + "sua/", views.recipient_edit, name="recipient_edit"),
    path(RECIPIENT + "xoa/", views.recipient_delete, name="recipient_delete"),
    path(RECIPIENT + "bang-khen.pdf", views.recipient_certificate, name="recipient_certificate"),
    path(
        YEAR + "to-trinh/tu-vong/<int:round_id>/",
        proposal_views.proposal_from_round,
        name="proposal_from_round",
    ),
    path(PROPOSAL, proposal_views.proposal_detail, name="proposal_detail"),
    path(PROPOSAL + "sua/", proposal_views.proposal_edit, name="proposal_edit"),
    path(PROPOSAL + "gui/", proposal_views.proposal_send, name="proposal_send"),
    path(PROPOSAL + "xoa/", proposal_views.proposal_delete, name="proposal_delete"),
    path(PROPOSAL + "quyet-dinh/", proposal_views.proposal_decide, name="proposal_decide"),
    path(PROPOSAL + "to-trinh.pdf", proposal_views.proposal_document, name="proposal_document"),
]

# Award statistics of the year and of its organising council (awards/statistics_views.py).
STATISTICS = YEAR + "thong-ke/"
urlpatterns += [
    path(STATISTICS, statistics_views.year_statistics, name="statistics"),
    path(
        STATISTICS + "thong-ke.xlsx",
        statistics_views.year_statistics_workbook,
        name="statistics_workbook",
    ),
    path(STATISTICS + "hoi-dong/", statistics_views.council_statistics, name="council_statistics"),
    path(
        STATISTICS + "hoi-dong/thong-ke.xlsx",
        statistics_views.council_statistics_workbook,
        name="council_statistics_workbook",
    ),
]
