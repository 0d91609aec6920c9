"""The documents of a year read as a Văn phòng would file them (issue 12, items 7 and 10)."""
