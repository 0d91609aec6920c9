"""The words a signature carries in the document itself: the visible stamp's lines and the demo
PKI's certificate names. Documents are always Vietnamese (DESIGN.md), so these are literals."""

# The stamp (Nghị định 30/2020 and practice: the signing body, who signed, when).
STAMP_TEMPLATE = "Ký bởi: %(body)s\nNgười ký: %(name)s\nChức vụ: %(title)s\nThời gian ký: %(ts)s"

# The demo PKI: every name says it is a demo.
DEMO_ROOT_NAME = "Cụm thi đua — CA mẫu, không dùng thật"
DEMO_SEAL_NAME = "Cụm thi đua — con dấu mẫu, không dùng thật"
DEMO_ORGANISATION = "Dữ liệu mẫu — không có giá trị pháp lý"
