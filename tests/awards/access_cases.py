"""Access cases of the awards app's views, for every persona (tests/test_access_matrix.py)."""

import datetime

from awards.models import RecipientKind
from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.awards.helpers import decision_post_data, make_decision, make_recipient
from tests.awards.proposal_builders import drafted, voted_round
from tests.personas import PERSONAS, World


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _decision(w: World) -> list:
    return [*_year(w), make_decision(w.year).pk]


def _recipient(w: World) -> list:
    decision = make_decision(w.year)
    return [*_year(w), decision.pk, make_recipient(decision, unit=w.nam_dinh).pk]


SECRETARIAT_REDIRECT = {
    "secretariat": 302,
    "own": 403,
    "other": 403,
    "viewer": 403,
    "outsider": 404,
}


def _decision_with_recipient(w: World) -> list:
    decision = make_decision(w.year)
    make_recipient(decision)
    return [*_year(w), decision.pk]


def _certificate_job(w: World) -> list:
    """A finished job of a decision's certificates, its PDF stored."""
    from django.core.files.base import ContentFile

    from awards.models import CertificateJob

    decision = make_decision(w.year)
    make_recipient(decision)
    job = CertificateJob.objects.create(decision=decision, state="done", total=1)
    job.file.save("bang-khen.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return [*_year(w), decision.pk, job.pk]


def _passed_round(w: World) -> list:
    return [*_year(w), voted_round(w).pk]


def _proposal(w: World) -> list:
    return [*_year(w), drafted(w).pk]


def _numbered_proposal(w: World) -> list:
    """A draft with its number and date: ready to be sent."""
    from awards import services

    proposal = drafted(w)
    services.proposal_update(
        actor=w.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    return [*_year(w), proposal.pk]


def _sent_proposal(w: World) -> list:
    from awards import services
    from awards.models import Proposal

    args = _numbered_proposal(w)
    services.proposal_send(actor=w.secretariat, proposal=Proposal.objects.get(pk=args[-1]))
    return args


CASES = [
    # The registry lists what each person may see; an outsider sees their own cluster's awards.
    Case("awards:registry", expect={p: 200 for p in PERSONAS if p != "anonymous"}),
    Case("awards:year_awards", _year, expect=READ_IN_CLUSTER),
    Case("awards:import_template", _year, expect=READ_IN_CLUSTER),
    Case("awards:decision_create", _year, expect=SECRETARIAT_ONLY),
    Case(
        "awards:decision_create",
        _year,
        method="post",
        data=decision_post_data(),
        expect=SECRETARIAT_REDIRECT,
    ),
    Case("awards:decision_detail", _decision, expect=READ_IN_CLUSTER),
    Case("awards:decision_edit", _decision, expect=SECRETARIAT_ONLY),
    Case(
        "awards:decision_edit",
        _decision,
        method="post",
        data=decision_post_data(number="568b/QĐ-UBND"),
        expect=SECRETARIAT_REDIRECT,
    ),
    Case("awards:decision_delete", _decision, method="post", expect=SECRETARIAT_REDIRECT),
    Case("awards:recipient_create", _decision, expect=SECRETARIAT_ONLY),
    Case(
        "awards:recipient_create",
        _decision,
        method="post",
        data={"kind": RecipientKind.COLLECTIVE, "name": "Ban Thi đua - Khen thưởng tỉnh Nam Định"},
        # no award type: the form answers again (200) for the secretariat
        expect=SECRETARIAT_ONLY,
    ),
    Case("awards:recipients_import", _decision, expect=SECRETARIAT_ONLY),
    Case("awards:recipients_import", _decision, method="post", expect=SECRETARIAT_ONLY),
    Case("awards:recipients_export", _decision, expect=READ_IN_CLUSTER),
    Case("awards:decision_certificates", _decision_with_recipient, expect=READ_IN_CLUSTER),
    # A whole decision's certificates in the background: whoever may print them may ask.
    Case("awards:decision_certificates_job", _decision_with_recipient, expect=READ_IN_CLUSTER),
    Case(
        "awards:decision_certificates_job",
        _decision_with_recipient,
        method="post",
        expect={"secretariat": 302, "own": 302, "other": 302, "viewer": 302, "outsider": 404},
    ),
    Case("awards:decision_certificates_job_download", _certificate_job, expect=READ_IN_CLUSTER),
    # A big decision's print on the blanks: the same job and rule, with its printer offset.
    Case("awards:blank_certificates_job", _decision_with_recipient, expect=READ_IN_CLUSTER),
    Case(
        "awards:blank_certificates_job",
        _decision_with_recipient,
        method="post",
        data={"dx": "1.5", "dy": "-2"},
        expect={"secretariat": 302, "own": 302, "other": 302, "viewer": 302, "outsider": 404},
    ),
    Case("awards:decision_document", _decision_with_recipient, expect=READ_IN_CLUSTER),
    Case("awards:decision_certificates_blank", _decision_with_recipient, expect=READ_IN_CLUSTER),
    Case(
        "awards:decision_certificate_calibration",
        _decision_with_recipient,
        expect=READ_IN_CLUSTER,
    ),
    Case("awards:recipient_edit", _recipient, expect=SECRETARIAT_ONLY),
    Case(
        "awards:recipient_edit",
        _recipient,
        method="post",
        data={"kind": RecipientKind.INDIVIDUAL, "name": "Nguyễn Văn B"},
        expect=SECRETARIAT_ONLY,
    ),
    Case("awards:recipient_delete", _recipient, method="post", expect=SECRETARIAT_REDIRECT),
    Case("awards:recipient_certificate", _recipient, expect=READ_IN_CLUSTER),
    Case(
        "awards:proposal_from_round",
        _passed_round,
        method="post",
        expect=SECRETARIAT_REDIRECT,
    ),
    Case("awards:proposal_detail", _proposal, expect=READ_IN_CLUSTER),
    Case("awards:proposal_document", _proposal, expect=READ_IN_CLUSTER),
    Case("awards:proposal_edit", _proposal, expect=SECRETARIAT_ONLY),
    Case(
        "awards:proposal_edit",
        _proposal,
        method="post",
        data={"number": "12/TTr-CTĐ", "date": "20/03/2019"},
        expect=SECRETARIAT_REDIRECT,
    ),
    Case("awards:proposal_send", _numbered_proposal, method="post", expect=SECRETARIAT_REDIRECT),
    Case("awards:proposal_delete", _proposal, method="post", expect=SECRETARIAT_REDIRECT),
    Case(
        "awards:proposal_decide",
        _sent_proposal,
        method="post",
        data={"decision_reference": "Quyết định số 345/QĐ-TTg"},
        expect=SECRETARIAT_REDIRECT,
    ),
]
