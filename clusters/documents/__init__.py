"""The one rendering path of the app's official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Every document (the compact, the conference report, the minutes, the proposal letter, the
certificates) extends templates/documents/base.html and goes through `render_pdf`, so the header
blocks, the fonts and the PDF code exist once.
"""

from clusters.documents.format import DocumentHeader, date_line, nfc, roman
from clusters.documents.pdf import render_html, render_pdf

__all__ = ["DocumentHeader", "date_line", "nfc", "render_html", "render_pdf", "roman"]
