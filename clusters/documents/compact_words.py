"""Words the signed compact carries in the file itself (documents are always Vietnamese)."""

# The title on the installation's certification of the compact as opened for signature.
SEAL_TITLE = "Chứng nhận bản giao ước mở ký"
