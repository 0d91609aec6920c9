"""Demo data of the campaigns app: the campaigns the seed article names and the 2019 covenant.

Facts given by the issue that specified the demo (from the article and public record): the three
campaigns of the Prime Minister with their official names; "Cả nước chung sức xây dựng nông thôn
mới" launched on 08/06/2011; "Doanh nghiệp Việt Nam hội nhập và phát triển" launched on
11/10/2016; the plan of "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau" in
Quyết định 1258/QĐ-TTg of 21/08/2017; the two anniversaries; the 2019 covenant signed by the nine
members at the conference of 20/03/2019 in Hà Nam. Whatever else a campaign shows (who launched
the anniversary campaigns, documents and periods) is left blank or listed in `unverified`, which
the pages show as "chưa kiểm chứng". The covenant's clauses follow the 2019 tasks the article
lists; they are not the text of the signed original, and the representatives are sample names.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.conf import settings

from campaigns import compact_signing, services
from campaigns.models import Campaign, Covenant, UnitSigningKey
from clusters import demo_pki, signing
from clusters.demo import ARTICLE
from clusters.models import Unit, User

PM = Campaign.Launcher.PRIME_MINISTER
SIGNING_DAY = datetime.date(2019, 3, 20)
SIGNING_PLACE = "Hà Nam"

CAMPAIGNS = [
    {
        "title": "Cả nước chung sức xây dựng nông thôn mới",
        "launched_by": PM,
        "launched_on": datetime.date(2011, 6, 8),
        "kind": Campaign.Kind.REGULAR,
        "years": [2018, 2019],
        "description": "Phong trào thi đua do Thủ tướng Chính phủ phát động. Bài viết gọi là "
        "“Chung sức xây dựng nông thôn mới” và “Cả nước chung tay xây dựng nông thôn mới”.",
        "unverified": "Số, ngày văn bản phát động và thời gian thực hiện chưa đối chiếu.",
    },
    {
        "title": "Doanh nghiệp Việt Nam hội nhập và phát triển",
        "launched_by": PM,
        "launched_on": datetime.date(2016, 10, 11),
        "kind": Campaign.Kind.REGULAR,
        "years": [2018, 2019],
        "description": "Phong trào thi đua do Thủ tướng Chính phủ phát động.",
        "unverified": "Số, ngày văn bản phát động và thời gian thực hiện chưa đối chiếu.",
    },
    {
        "title": "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "launched_by": PM,
        "document_number": "1258/QĐ-TTg",
        "document_date": datetime.date(2017, 8, 21),
        "kind": Campaign.Kind.REGULAR,
        "years": [2018, 2019],
        "description": "Phong trào thi đua do Thủ tướng Chính phủ phát động; Quyết định "
        "1258/QĐ-TTg ngày 21/08/2017 ban hành kế hoạch tổ chức phong trào.",
        "unverified": "Ngày phát động và thời gian thực hiện chưa đối chiếu.",
    },
    {
        "title": "Thi đua lập thành tích chào mừng 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu "
        "gọi thi đua ái quốc (11/6/1948 - 11/6/2018)",
        "launched_by": Campaign.Launcher.CLUSTER,
        "kind": Campaign.Kind.THEMATIC,
        "years": [2018],
        "description": "Năm 2018, các tỉnh trong Cụm lập thành tích chào mừng 70 năm Ngày Chủ "
        "tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc (11/6/1948 - 11/6/2018).",
        "unverified": "Cấp phát động, văn bản phát động và thời gian thực hiện chưa đối chiếu: "
        "bài viết chỉ nêu các tỉnh trong Cụm thi đua chào mừng ngày kỷ niệm.",
    },
    {
        "title": "Thi đua hướng tới kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh "
        "(1969 - 2019)",
        "launched_by": Campaign.Launcher.CLUSTER,
        "kind": Campaign.Kind.THEMATIC,
        "years": [2019],
        "description": "Nhiệm vụ trọng tâm năm 2019 của Cụm: phát động mạnh mẽ các phong trào "
        "thi đua yêu nước hướng tới kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh.",
        "unverified": "Văn bản phát động và thời gian thực hiện chưa đối chiếu.",
    },
]

PREAMBLE = (
    "Thực hiện Luật Thi đua, Khen thưởng và Chỉ thị 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về "
    "đổi mới công tác thi đua, khen thưởng, các tỉnh trong Cụm thi đua các tỉnh Đồng bằng sông "
    "Hồng thống nhất ký kết giao ước thi đua năm 2019 với các nội dung sau:"
)
# The tasks for 2019 that the article lists; a sample of what the signed clauses say.
CLAUSES = [
    "Quán triệt và triển khai sâu rộng các văn bản của Đảng, Nhà nước về thi đua, khen thưởng, "
    "đặc biệt là Chỉ thị 34-CT/TW ngày 07/4/2014 của Bộ Chính trị, Luật Thi đua, Khen thưởng, "
    "Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ, Thông tư 08/2017/TT-BNV ngày "
    "27/10/2017 của Bộ Nội vụ và các quy định của tỉnh về công tác thi đua, khen thưởng.",
    "Phát động mạnh mẽ các phong trào thi đua yêu nước hướng tới kỷ niệm 50 năm thực hiện Di "
    "chúc của Chủ tịch Hồ Chí Minh (1969 - 2019).",
    "Thực hiện có hiệu quả các phong trào thi đua do Thủ tướng Chính phủ phát động, gắn với việc "
    "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và Nghị quyết Trung "
    "ương 4 khóa XII của Đảng.",
    "Phối hợp chặt chẽ với Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội động viên các "
    "tầng lớp Nhân dân tích cực hưởng ứng, tham gia phong trào thi đua.",
    "Đổi mới, nâng cao chất lượng công tác khen thưởng, bảo đảm chính xác, công khai, công bằng, "
    "minh bạch, kịp thời; khen người trực tiếp lao động, sản xuất, công tác là chủ yếu.",
    "Phát hiện, bồi dưỡng, nhân rộng các gương điển hình tiên tiến; tuyên truyền trên các phương "
    "tiện thông tin đại chúng.",
    "Tăng cường giao lưu, liên kết, hỗ trợ, giúp đỡ nhau trong phát triển kinh tế - xã hội giữa "
    "các tỉnh trong Cụm.",
]
COVENANT_NOTES = (
    ARTICLE + " Ký kết tại hội nghị ngày 20/03/2019 tại Hà Nam. Điều khoản soạn theo nhiệm vụ "
    "trọng tâm năm 2019 nêu trong bài viết, không phải văn bản gốc; người ký là tên mẫu."
)


# The 2018 conference as the article tells it. Exact: the date, the place, the guests with their
# titles as the article writes them (its sentence "Tới dự và chỉ đạo có các đồng chí: …", the two
# delegations without names included), and the passages quoted below. Samples: the chair, the
# agenda, the report number, the shortcomings (the article only says the cluster must overcome
# 2018's shortcomings). A delegation is a guest row "Đại diện" / "Lãnh đạo" with the body as its
# title; the report prints it as the article does ("đại diện Văn phòng Chủ tịch nước").
GUESTS_2018 = [
    (
        "Đặng Thị Ngọc Thịnh",
        "Ủy viên Trung ương Đảng, Phó Chủ tịch nước Cộng hòa XHCN Việt Nam, Phó Chủ tịch thứ nhất "
        "Hội đồng thi đua khen thưởng Trung ương",
    ),
    (
        "Trần Thị Hà",
        "Phó Chủ tịch thường trực Hội đồng thi đua khen thưởng Trung ương, Thứ trưởng Bộ Nội vụ, "
        "Trưởng ban Thi đua - Khen thưởng Trung ương",
    ),
    ("Đại diện", "Văn phòng Chủ tịch nước"),
    ("Lãnh đạo", "tỉnh, Sở Nội vụ, Ban TĐKT 9 tỉnh trong Cụm"),
]
CAMPAIGN_RESULTS_2018 = (
    "Năm 2018, các tỉnh trong Cụm đã triển khai, tổ chức thực hiện tốt các phong trào thi đua "
    "yêu nước với những hình thức đa dạng, phong phú, nội dung thiết thực, hiệu quả, tạo động lực "
    "mạnh mẽ, khí thế thi đua sôi nổi, lập thành tích cao nhất chào mừng 70 năm ngày Chủ tịch Hồ "
    "Chí Minh ra Lời kêu gọi thi đua ái quốc (11/6/1948-11/6/2018) và chào mừng các ngày lễ lớn "
    "của đất nước.\n"
    "Đối với các phong trào thi đua do Thủ tướng Chính phủ phát động, các tỉnh đã ban hành kế "
    "hoạch, xây dựng tiêu chí thi đua và tổ chức tuyên truyền sâu rộng trên các phương tiện truyền "
    "thông về mục đích, ý nghĩa và nội dung của từng phong trào."
)
COMMENDATION_2018 = (
    "Công tác khen thưởng được quan tâm đúng mức, thủ tục, quy trình xét khen thưởng ở các cấp cơ "
    "bản thực hiện đảm bảo đúng nguyên tắc, nhanh chóng, kịp thời, đáp ứng yêu cầu cải cách hành "
    "chính, nhất là đối với các trường hợp đề nghị khen thưởng đột xuất."
)
# The article's tasks for 2019, quoted in its words and order (abridged with "…" where left out).
TASKS_2019 = (
    "Quán triệt và triển khai sâu rộng các văn bản của Đảng, Nhà nước đặc biệt là Chỉ thị "
    "34-CT/TW ngày 07/4/2014 của Bộ Chính trị về đổi mới công tác thi đua, khen thưởng, Luật Thi "
    "đua, Khen thưởng, Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ; Thông tư "
    "08/2017/TT-BNV ngày 27/10/2017 của Bộ Nội vụ và các quy định của các tỉnh về công tác thi "
    "đua, khen thưởng; Phát động mạnh mẽ các phong trào thi đua yêu nước hướng tới kỷ niệm 50 năm "
    "thực hiện Di chúc của Chủ tịch Hồ Chí Minh (1969-2019), …\n"
    "Tiếp tục đổi mới và nâng cao chất lượng công tác khen thưởng, đảm bảo việc khen thưởng chính "
    "xác, công khai, công bằng, minh bạch, kịp thời; khen theo thẩm quyền và khen người trực tiếp "
    "lao động, sản xuất, công tác là chủ yếu. Xây dựng kế hoạch tổ chức Đại hội Thi đua yêu nước. "
    "Ban hành kế hoạch phát hiện, bồi dưỡng và nhân rộng các gương điển hình tiên tiến."
)
# The planned congress, as the article words it (a task of 2019; its date is not given).
CONGRESS_TASK = "Xây dựng kế hoạch tổ chức Đại hội Thi đua yêu nước"

# The 2018 conference record; the chair, agenda, report number and shortcomings are samples.
CONFERENCE_2018 = {
    "chair": "Lãnh đạo UBND tỉnh Hà Nam, Cụm trưởng năm 2018 (mẫu)",
    "agenda": "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2018 (mẫu)\n"
    "Bình xét, chấm điểm thi đua; bỏ phiếu đề nghị khen thưởng\n"
    "Suy tôn Cụm trưởng, Cụm phó năm 2019\n"
    "Ký kết giao ước thi đua năm 2019\n"
    "Phát biểu chỉ đạo của Phó Chủ tịch nước",
    "report_number": "Số: 05/BC-CTĐ (mẫu)",
    "campaign_results": CAMPAIGN_RESULTS_2018,
    "commendation_work": COMMENDATION_2018,
    "shortcomings": "Một số tỉnh gửi báo cáo, hồ sơ còn chậm; việc phát hiện, nhân rộng "
    "điển hình tiên tiến chưa đồng đều (nội dung mẫu: bài viết chỉ nêu Cụm cần khắc phục "
    "những tồn tại của năm 2018).",
    "next_tasks": TASKS_2019,
    "notes": ARTICLE + " Người chủ trì, chương trình, số báo cáo và phần tồn tại là mẫu; "
    "đại biểu và các đoạn trích là của bài viết. Bài viết in “Nghị định 91/2017NĐ-CP”; ở đây "
    "ghi đúng số hiệu 91/2017/NĐ-CP.",
}

# The 2018 covenant: the article tells only of the 2019 one, so its text is a sample built from
# the standing tasks of the 2019 clauses (the anniversary of 2019 left out).
CLAUSES_2018 = [clause for index, clause in enumerate(CLAUSES) if index != 1]
COVENANT_2018_SIGNING_DAY = datetime.date(2018, 3, 8)
COVENANT_2018_NOTES = (
    "Giao ước năm 2018 là dữ liệu mẫu: bài viết chỉ nói về giao ước năm 2019. Ngày ký, nơi ký, "
    "điều khoản và người ký là mẫu."
)

# Nam Định has registered for one campaign of 2019 and not reported yet (sample).
SAMPLE_REPORT_2019 = {
    "unit": "nam-dinh",
    "campaign": "Cả nước chung sức xây dựng nông thôn mới",
    "registration": "(Dữ liệu mẫu) Tiếp tục xây dựng xã đạt chuẩn nông thôn mới nâng cao.",
    "indicators": [
        {
            "name": "Xã đạt chuẩn nông thôn mới nâng cao (mẫu)",
            "measure": "xã",
            "target": 10,
            "achieved": None,
        }
    ],
}


# --- The compacts signed digitally with the demo PKI ------------------------------------------
#
# The story signs on its own dates (2018, 2019): its demo certificates are valid from the story's
# start, not from the day the demo is loaded. A demo PKI under the configured seal's folder that
# does not cover those dates (make_demo_pki's run today) is written again; its files are demo
# files, named as such. In production the story never signs with the installation's real seal:
# its compacts are recorded as the hall signed them, without digital signatures.

STORY_PKI_FROM = datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)
STORY_PKI_UNTIL = datetime.datetime(2037, 12, 31, tzinfo=datetime.UTC)  # within the root's 20 years
# The member that signs through the external signer (a USB token), the others in the app.
EXTERNAL_SIGNER_UNIT = "ninh-binh"


def _story_pki_directory() -> Path | None:
    if settings.PRODUCTION or not settings.SIGNING_PKCS12_PATH:
        return None
    return Path(settings.SIGNING_PKCS12_PATH).parent


def _covers_the_story(seal_path: Path) -> bool:
    try:
        signer = signing.load_pkcs12(seal_path.read_bytes(), settings.SIGNING_PKCS12_PASSWORD)
    except (OSError, signing.SigningRefused):
        return False
    names = signing.certificate_names(signer.certificate)
    return names.not_before <= STORY_PKI_FROM and names.not_after >= STORY_PKI_UNTIL


def write_story_pki(directory: Path, units: Iterable[Unit]) -> None:
    """The demo PKI as make_demo_pki writes it, valid for the whole story (2018 to 2037)."""
    directory.mkdir(parents=True, exist_ok=True)
    root = demo_pki.make_root(now=STORY_PKI_FROM + datetime.timedelta(days=1))

    def issued(name: str) -> demo_pki.Issued:
        return demo_pki.issue(root, name, not_before=STORY_PKI_FROM, not_after=STORY_PKI_UNTIL)

    (directory / "root.pem").write_bytes(root.pem)
    files = {
        Path(settings.SIGNING_PKCS12_PATH): demo_pki.to_pkcs12(
            issued(demo_pki.SEAL_NAME), root, password=settings.SIGNING_PKCS12_PASSWORD
        )
    }
    for unit in units:
        files[directory / f"{unit.slug}.p12"] = demo_pki.to_pkcs12(
            issued(unit.name), root, password=demo_pki.DEMO_PASSWORD, name=unit.slug
        )
    for path, data in files.items():
        path.write_bytes(data)
        path.chmod(0o600)


def open_for_signature(*, actor: User, covenant: Covenant, officers: Mapping[str, User]) -> None:
    """The secretariat opens the covenant; with the demo PKI each unit's officer has uploaded
    the unit's certificate (once: a later covenant reuses it)."""
    directory = _story_pki_directory()
    if directory is not None:
        units = [m.unit for m in covenant.year.memberships.select_related("unit")]
        if not _covers_the_story(Path(settings.SIGNING_PKCS12_PATH)):
            write_story_pki(directory, Unit.objects.order_by("slug"))
        for unit in units:
            if not UnitSigningKey.objects.filter(unit=unit).exists():
                services.unit_key_upload(
                    actor=officers[unit.slug],
                    unit=unit,
                    data=(directory / f"{unit.slug}.p12").read_bytes(),
                    password=demo_pki.DEMO_PASSWORD,
                )
    services.covenant_open(actor=actor, covenant=covenant, digital=directory is not None)


@signing.outside_event_loop  # pyHanko runs its own loop: never inside a running one
def _external_cms(unit: Unit, digest_hex: str) -> bytes:
    """What the unit's USB token returns: a detached PAdES CMS over the prepared digest."""
    import asyncio

    from pyhanko.sign import signers

    directory = _story_pki_directory()
    if directory is None:  # the story signs externally only with its PKI written
        raise RuntimeError("the demo's PKI is not written")
    signer = signers.SimpleSigner.load_pkcs12(
        str(directory / f"{unit.slug}.p12"), passphrase=demo_pki.DEMO_PASSWORD.encode()
    )
    cms = asyncio.run(signer.async_sign(bytes.fromhex(digest_hex), "sha256", use_pades=True))
    return cms.dump()


def sign_member(*, officer: User, covenant: Covenant, representative, day: datetime.date) -> None:
    """A member signs as its officer would: in the app with the unit's certificate, or (one of
    them) through its USB token; without a digital compact, the signature is recorded."""
    unit = representative.unit
    names = {"full_name": representative.full_name, "title": representative.title}
    signing_way = None
    if services.latest_revision(covenant) is not None:
        if unit.slug == EXTERNAL_SIGNER_UNIT:
            prepared = services.covenant_prepare_external(
                actor=officer, covenant=covenant, unit=unit, signed_on=day, **names
            )
            signing_way = compact_signing.ExternalSignature(
                prepared, _external_cms(unit, prepared.digest)
            )
        else:
            signing_way = compact_signing.InAppSigning(demo_pki.DEMO_PASSWORD)
    services.covenant_sign(
        actor=officer,
        covenant=covenant,
        unit=unit,
        signed_on=day,
        is_sample=representative.is_sample,
        signing=signing_way,
        **names,
    )
