"""The organising council's pages, /hoi-dong/<council>/…: its clusters (clusters) and the
proposals arriving from them (awards). Wiring only."""

from django.urls import path

from awards import council_views as award_views
from clusters import council_views

app_name = "council"

COUNCIL = "<slug:slug>/"

urlpatterns = [
    path(COUNCIL, council_views.council_detail, name="council_detail"),
    path(COUNCIL + "to-trinh/", award_views.council_proposals, name="proposals"),
    path(COUNCIL + "to-trinh/<int:pk>/y-kien/", award_views.council_outcome, name="outcome"),
]
