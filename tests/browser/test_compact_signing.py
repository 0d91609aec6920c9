"""The compact signed digitally in the browser: the 2019 secretariat opens an amended covenant on
an installation with its seal, the nine members sign (eight in the app with the certificate
their officer uploads, one through an external signer process holding its own key), and the
downloaded compact validates with pyHanko: nine valid signatures and the certification. One
byte changed, the verification page says it is broken."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clusters import demo_pki, signing
from clusters.demo import MEMBERS

pytestmark = pytest.mark.browser

YEAR = "/c/dong-bang-song-hong/2019/"
PASSWORD = "mật-khẩu-ký"
EXTERNAL = "ninh-binh"  # signs with its USB token, through the external signer
EXTERNAL_SIGNER = Path(__file__).parent.parent / "signing" / "external_signer.py"


@pytest.fixture
def keys(tmp_path, settings) -> dict[str, Path]:
    """The seal configured and a PKCS#12 file per member, as each officer holds it."""
    root = demo_pki.make_root()
    (tmp_path / "root.pem").write_bytes(root.pem)
    seal = tmp_path / "seal.p12"
    seal.write_bytes(
        demo_pki.to_pkcs12(demo_pki.issue(root, demo_pki.SEAL_NAME), root, password=PASSWORD)
    )
    files = {}
    for unit in MEMBERS:
        files[unit.slug] = tmp_path / f"{unit.slug}.p12"
        files[unit.slug].write_bytes(
            demo_pki.to_pkcs12(demo_pki.issue(root, unit.name), root, password=PASSWORD)
        )
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.SIGNING_TSA_URL = ""
    # Set after the demo is told (the `demo` fixture comes first): the demo's compacts are
    # recorded; the amendment opened here is signed digitally.
    settings.SIGNING_PKCS12_PATH = str(seal)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    return files


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def _external_cms(key: Path, digest: str, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, str(EXTERNAL_SIGNER), str(key), PASSWORD],
        input=digest.encode(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    out.write_bytes(done.stdout)
    return out


def test_nine_members_sign_the_compact_and_it_validates(
    demo, keys, sign_in, live_server, page, tmp_path
):
    sign_in("haiduong")
    page.goto(f"{live_server.url}{YEAR}giao-uoc/")
    page.get_by_role("button", name="Sửa đổi giao ước").click()
    page.get_by_role("button", name="Mở ký kết").click()
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đang ký kết")
    expect(page.get_by_test_id("digital-compact")).to_be_visible()
    _sign_out(page)

    for unit in MEMBERS:
        sign_in(unit.username)
        page.goto(f"{live_server.url}{YEAR}giao-uoc/")
        row = page.get_by_test_id("signatures").locator("tr", has_text=unit.name)
        row.get_by_role("link", name="Ký cho đơn vị").click()
        if unit.slug == EXTERNAL:
            page.get_by_role("link", name="Ký bằng thiết bị ký").click()
            page.get_by_role("button", name="Chuẩn bị để ký").click()
            digest = page.get_by_test_id("digest").inner_text().strip()
            cms = _external_cms(keys[unit.slug], digest, tmp_path / "chu-ky.p7s")
            page.get_by_label("Tệp chữ ký (CMS/PKCS#7, .p7s)").set_input_files(str(cms))
            page.get_by_role("button", name="Gửi chữ ký").click()
        else:
            page.get_by_role("link", name="Tải lên chứng thư số").click()
            page.get_by_label("Tệp chứng thư số (PKCS#12: .p12, .pfx)").set_input_files(
                str(keys[unit.slug])
            )
            page.get_by_label("Mật khẩu của tệp").fill(PASSWORD)
            page.get_by_role("button", name="Lưu chứng thư số").click()
            page.get_by_label("Mật khẩu chứng thư số").fill(PASSWORD)
            page.get_by_role("button", name="Ký số").click()
        expect(page.locator(".alert-success")).to_contain_text(
            f"Đã ghi nhận chữ ký của {unit.name}"
        )
        _sign_out(page)

    sign_in("lanhdao")
    page.goto(f"{live_server.url}{YEAR}giao-uoc/")
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đã ký kết")
    expect(page.get_by_test_id("digital-signature")).to_have_count(9)
    # The newest version's PDF link, fetched with the viewer's session.
    href = (
        page.get_by_test_id("versions").get_by_role("link", name="PDF").first.get_attribute("href")
    )
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    compact = response.body()

    report = signing.validate_pdf(compact)
    assert report.all_valid, [(s.field_name, s.status) for s in report.signatures]
    assert report.certification == signing.Certification.FILL_FORMS
    assert sorted(s.signer for s in report.signatures if s.certification is None) == sorted(
        unit.name for unit in MEMBERS
    )

    at = compact.index(b"WeasyPrint")  # in the first revision: under every signature
    broken = tmp_path / "giao-uoc-sua.pdf"
    broken.write_bytes(compact[:at] + b"X" + compact[at + 1 :])
    page.goto(f"{live_server.url}/kiem-tra/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(broken))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-verdict", "broken")
