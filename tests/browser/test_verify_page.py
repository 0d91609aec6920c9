"""The public verification page in the browser: no sign-in, a signed PDF chosen in the file field
shows as intact with its signer; the same file with one byte changed shows as broken. The page
keeps the Content-Security-Policy (the `page` fixture fails on a violation)."""

import pytest
import weasyprint
from playwright.sync_api import expect

from clusters import demo_pki, signing

pytestmark = pytest.mark.browser


@pytest.fixture
def signed(tmp_path, settings) -> bytes:
    root = demo_pki.make_root()
    (tmp_path / "root.pem").write_bytes(root.pem)
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    seal = demo_pki.issue(root, "Cụm thi đua Đồng bằng sông Hồng")
    signer = signing.load_pkcs12(demo_pki.to_pkcs12(seal, root, password="p"), "p")
    document = weasyprint.HTML(string="<h1>Biên bản hội nghị tổng kết</h1>").write_pdf()
    return signing.sign_pdf(
        document,
        signer=signer,
        field_name="con-dau",
        stamp=signing.StampText(body="Cụm thi đua", name="Trần Thị Hằng", title="Thư ký cụm"),
        place=signing.FieldPlace("con-dau", page=0),
    )


def test_anyone_checks_a_signed_pdf_and_sees_a_changed_one_broken(
    page, live_server, transactional_db, signed, tmp_path
):
    good = tmp_path / "bien-ban.pdf"
    good.write_bytes(signed)
    at = signed.index(b"WeasyPrint")
    bad = tmp_path / "bien-ban-sua.pdf"
    bad.write_bytes(signed[:at] + b"X" + signed[at + 1 :])

    page.goto(f"{live_server.url}/kiem-tra/")
    expect(page.get_by_role("heading", name="Kiểm tra tài liệu có chữ ký số")).to_be_visible()
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()

    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    row = page.get_by_test_id("signature")
    expect(row).to_contain_text("Cụm thi đua Đồng bằng sông Hồng")
    expect(row).to_contain_text("+07:00")
    page.screenshot(path=str(tmp_path.parent / "verify-valid.png"), full_page=True)

    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-verdict", "broken")
    expect(page.get_by_test_id("signature")).to_contain_text("Hỏng")
