"""The installation's seal for the sealing tests, from the demo PKI, valid since before the
demo's story (the demo freezes its 2018 documents on their own dates, in 2019), and a QR code
read back from a stored PDF as a phone reads it: the page drawn as an image, then decoded."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import time_machine

from clusters import demo_pki
from clusters.demo import MEMBERS

SINCE = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)


def configure_seal(settings, directory: Path) -> demo_pki.Written:
    """The demo PKI as `make_demo_pki` writes it (root, seal, one certificate per demo unit),
    issued as if in 2017, in `directory`; the settings point at its seal and root."""
    with time_machine.travel(SINCE, tick=False):
        written = demo_pki.write(directory, [(unit.slug, unit.name) for unit in MEMBERS])
    settings.SIGNING_PKCS12_PATH = str(written.seal)
    settings.SIGNING_PKCS12_PASSWORD = demo_pki.DEMO_PASSWORD
    settings.SIGNING_TRUST_ROOTS = [str(written.root)]
    settings.SIGNING_TSA_URL = ""
    return written


def qr_codes(pdf: bytes, *, page: int) -> list[str]:
    """The QR codes drawn on a page (1-based, -1 the last) of the PDF, decoded from a picture
    of it (poppler's pdftoppm at 150 dpi, zxing-cpp)."""
    import zxingcpp
    from PIL import Image
    from pypdf import PdfReader

    if page < 0:
        page = len(PdfReader(io.BytesIO(pdf)).pages) + 1 + page
    picture = subprocess.run(
        ["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(picture))
    return [found.text for found in zxingcpp.read_barcodes(image)]
