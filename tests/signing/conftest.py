"""The demo PKI for the signing tests: made once per session (RSA keys take a moment), with a
trust root file the settings point to, so the app's own configuration path is what is tested."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from clusters import demo_pki, signing
from clusters.demo import MEMBERS

PASSWORD = "mật-khẩu-thử"


@dataclass(frozen=True)
class Pki:
    root: demo_pki.Issued
    root_path: Path
    seal: demo_pki.Issued
    seal_p12: bytes
    members: dict[str, bytes]  # unit slug -> PKCS#12 under PASSWORD
    directory: Path

    def signer(self, slug: str | None = None) -> signing.Signer:
        data = self.seal_p12 if slug is None else self.members[slug]
        return signing.load_pkcs12(data, PASSWORD)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    directory = tmp_path_factory.mktemp("pki")
    root = demo_pki.make_root()
    root_path = directory / "root.pem"
    root_path.write_bytes(root.pem)
    seal = demo_pki.issue(root, "Cụm thi đua Đồng bằng sông Hồng")
    members = {
        unit.slug: demo_pki.to_pkcs12(demo_pki.issue(root, unit.name), root, password=PASSWORD)
        for unit in MEMBERS
    }
    return Pki(
        root=root,
        root_path=root_path,
        seal=seal,
        seal_p12=demo_pki.to_pkcs12(seal, root, password=PASSWORD),
        members=members,
        directory=directory,
    )


@pytest.fixture(autouse=True)
def _trust_the_demo_root(settings, pki):
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_path)]
    settings.SIGNING_TSA_URL = ""


@pytest.fixture(scope="session")
def document() -> bytes:
    """A compact-like document made by WeasyPrint with the documents' Tinos font."""
    import weasyprint

    from clusters.documents.pdf import static_path

    font = static_path("/static/fonts/tinos/Tinos-Regular.ttf")
    html = f"""<html><head><style>
      @font-face {{ font-family: Tinos; src: url("file://{font}"); }}
      body {{ font-family: Tinos; font-size: 14pt; }}
    </style></head><body>
      <h1>BẢN GIAO ƯỚC THI ĐUA NĂM 2019</h1>
      <p>Cụm thi đua các tỉnh Đồng bằng sông Hồng thống nhất giao ước thi đua.</p>
    </body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


def member_places() -> list[signing.FieldPlace]:
    """Nine members' fields in a grid of three by three on the first page (A4)."""
    places = []
    for index, unit in enumerate(MEMBERS):
        column, row = index % 3, index // 3
        x, y = 30 + column * 185, 60 + row * 95
        places.append(signing.FieldPlace(unit.slug, page=0, box=(x, y, x + 175, y + 85)))
    return places


SECRETARIAT_PLACE = signing.FieldPlace("thu-ky", page=0, box=(330, 360, 565, 450))
SECRETARIAT_STAMP = signing.StampText(
    body="Cụm thi đua Đồng bằng sông Hồng", name="Trần Thị Hằng", title="Thư ký cụm"
)


def sealed(document: bytes, pki: Pki) -> bytes:
    """The document with the secretariat's one signature, in a field made at signing."""
    return signing.sign_pdf(
        document,
        signer=pki.signer(),
        field_name=SECRETARIAT_PLACE.name,
        stamp=SECRETARIAT_STAMP,
        place=SECRETARIAT_PLACE,
    )


def stamp_for(name: str) -> signing.StampText:
    return signing.StampText(
        body=f"Ủy ban nhân dân tỉnh {name}", name="Nguyễn Văn Đức", title="Phó Chủ tịch"
    )


def stamp_text(data: bytes, field_name: str) -> str:
    """The text drawn in a signature field's appearance, read back by pdfplumber.

    pdfplumber reads page content, not annotations: the field's appearance stream is drawn
    alone on a page of its size, as a viewer shows it.
    """
    import pdfplumber
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    reader = PdfReader(io.BytesIO(data))
    annotation = next(
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/T") == field_name
    )
    x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
    writer = PdfWriter()
    page = writer.add_blank_page(width=x1 - x0, height=y1 - y0)
    appearance = annotation["/AP"]["/N"].get_object().clone(writer)
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/XObject"): DictionaryObject(
                {NameObject("/Stamp"): appearance.indirect_reference}
            )
        }
    )
    content = DecodedStreamObject()
    content.set_data(b"/Stamp Do")
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        shown = pdf.pages[0]
        # Every letter inside the box: glyph widths read in the wrong units would overflow it.
        outside = [c["text"] for c in shown.chars if c["x1"] > shown.width or c["x0"] < 0]
        assert not outside, f"stamp text outside its box: {''.join(outside)!r}"
        return shown.extract_text()


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def seal_configured(settings, pki) -> Pki:
    """The installation's seal configured as the settings name it: covenants open digitally."""
    path = pki.directory / "seal.p12"
    if not path.exists():
        path.write_bytes(pki.seal_p12)
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    return pki
