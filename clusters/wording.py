"""Wording from the data: how documents, pages and e-mails name a cluster and sign for a unit.

One place for each fact. The cluster's kind decides "Cụm"/"Khối" and its leaders' words
(`cluster_words` for documents, always Vietnamese; `interface_words` for pages, through gettext).
The unit's kind decides its issuing body, its authority line and signer titles, its place on the
date line, how the members are named in "Nơi nhận" and what a decision says of who proposes and
executes: rows of `UnitKindWording` an administrator corrects, seeded with the law's defaults
(`DEFAULTS`, Nghị định 30/2020 Phụ lục I); a kind without a row reads its default. A unit's own
official names (full name, body name, titles, locality) come before its kind's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from django.utils.translation import gettext_lazy

from clusters.documents.format import ClusterWords, administrative_prefix, cluster_words
from clusters.text import fold

__all__ = [
    "DEFAULTS",
    "ClusterWords",
    "InterfaceWords",
    "KindWording",
    "UnitWording",
    "cluster_words",
    "for_unit",
    "interface_words",
    "kind_table",
    "members_line",
    "official_name",
    "seed_wordings",
]


@dataclass(frozen=True)
class KindWording:
    """One kind's words (the fields of clusters.models.UnitKindWording, without the kind)."""

    members_word: str
    council: str  # "Ủy ban nhân dân": the body signs collectively ("TM."); "" a head signs
    head_title: str
    deputy_title: str
    proposer: str
    executors: str  # "{body}" stands for the issuing body's name
    leaders: str
    archive: str
    locality: str = ""  # "" the unit's own name
    on_behalf: str = "KT."


DEFAULTS: dict[str, KindWording] = {
    "province": KindWording(
        members_word="tỉnh",
        council="Ủy ban nhân dân",
        head_title="Chủ tịch",
        deputy_title="Phó Chủ tịch",
        proposer="Giám đốc Sở Nội vụ",
        executors="Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ",
        leaders="Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        archive="VT, SNV",
    ),
    "city": KindWording(
        members_word="thành phố",
        council="Ủy ban nhân dân",
        head_title="Chủ tịch",
        deputy_title="Phó Chủ tịch",
        proposer="Giám đốc Sở Nội vụ",
        executors="Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Sở Nội vụ",
        leaders="Chủ tịch, các Phó Chủ tịch UBND thành phố",
        archive="VT, SNV",
    ),
    # A ministry works under its minister (chế độ thủ trưởng): "KT. BỘ TRƯỞNG / THỨ TRƯỞNG", and
    # its documents are dated from the capital.
    "agency": KindWording(
        members_word="bộ, ngành",
        council="",
        head_title="Bộ trưởng",
        deputy_title="Thứ trưởng",
        proposer="Vụ trưởng Vụ Thi đua - Khen thưởng",
        executors="Chánh Văn phòng {body}, Vụ trưởng Vụ Thi đua - Khen thưởng",
        leaders="Bộ trưởng, các Thứ trưởng",
        archive="VT, TĐKT",
        locality="Hà Nội",
    ),
    # A Party committee's board signs "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN" (the Party's own rules
    # for its documents); an administrator corrects a board with another head.
    "party": KindWording(
        members_word="cơ quan",
        council="",
        head_title="Trưởng ban",
        deputy_title="Phó Trưởng ban",
        proposer="Thủ trưởng đơn vị làm công tác thi đua, khen thưởng",
        executors="Chánh Văn phòng {body}",
        leaders="Lãnh đạo {body}",
        archive="VT",
        locality="Hà Nội",
        on_behalf="K/T",
    ),
    "mass_organisation": KindWording(
        members_word="tổ chức",
        council="",
        head_title="Chủ tịch",
        deputy_title="Phó Chủ tịch",
        proposer="Thủ trưởng đơn vị làm công tác thi đua, khen thưởng",
        executors="Chánh Văn phòng {body}",
        leaders="Lãnh đạo {body}",
        archive="VT",
        locality="Hà Nội",
    ),
}
_FALLBACK = "agency"
_FIELDS = [f.name for f in fields(KindWording)]


def seed_wordings(model) -> None:
    """Create the missing kinds' rows with the defaults (a migration gives its historical model);
    an administrator's corrections are never overwritten."""
    for kind, wording in DEFAULTS.items():
        model.objects.get_or_create(
            kind=kind, defaults={name: getattr(wording, name) for name in _FIELDS}
        )


def kind_table() -> dict[str, KindWording]:
    """Every kind's wording (one query): the administrator's rows over the defaults."""
    from clusters.models import UnitKindWording

    table = dict(DEFAULTS)
    for row in UnitKindWording.objects.all():
        table[row.kind] = KindWording(**{name: getattr(row, name) for name in _FIELDS})
    return table


def _kind(kind: str, table: Mapping[str, KindWording] | None) -> KindWording:
    table = kind_table() if table is None else table
    return table.get(kind) or table.get(_FALLBACK) or DEFAULTS[_FALLBACK]


@dataclass(frozen=True)
class UnitWording:
    """What a document prints for one unit, its own names over its kind's."""

    kind: KindWording
    full_name: str  # "tỉnh Hà Nam", "Thành phố Hồ Chí Minh", "Bộ Nội vụ"
    body: str  # the issuing body in running text: "Ủy ban nhân dân tỉnh Hà Nam", "Bộ Nội vụ"
    council_short: str  # the body without its name: "Ủy ban nhân dân tỉnh"; a ministry: its body
    head_title: str  # "Chủ tịch", "Bộ trưởng"
    deputy_title: str  # "Phó Chủ tịch", "Thứ trưởng"
    locality: str  # the place on the date line: "Hà Nam", "Hà Nội"

    @property
    def body_lines(self) -> list[str]:
        """The issuing body top left: ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM"]; ["BỘ NỘI VỤ"]."""
        if self.kind.council and fold(self.body) == fold(f"{self.kind.council} {self.full_name}"):
            return [self.kind.council.upper(), self.full_name.upper()]
        return [self.body.upper()]

    @property
    def authority(self) -> list[str]:
        """A signature block's authority lines: "TM. ỦY BAN NHÂN DÂN" / "TỈNH NAM ĐỊNH" for a
        body that signs collectively, else the unit's name ("BỘ NỘI VỤ") above its head's title.
        """
        if self.kind.council:
            return [f"TM. {self.kind.council.upper()}", self.full_name.upper()]
        return [self.full_name.upper()]

    @property
    def head(self) -> str:
        """Its head as running text names them: "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"."""
        return f"{self.head_title} {self.body}"

    @property
    def on_behalf_line(self) -> str:
        """ "KT. CHỦ TỊCH", "KT. BỘ TRƯỞNG": a deputy signs on behalf of the head."""
        return f"{self.kind.on_behalf} {self.head_title}".upper()

    def signer_titles(self, title: str) -> list[str]:
        """A signer's title as block lines: "Phó Chủ tịch UBND tỉnh Nam Định" → ["KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH"]; "Thứ trưởng Bộ Nội vụ" → ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"].

        The body is already in the authority line, so it is cut from the title.
        """
        short = " ".join(title.split())
        lowered = short.lower()
        names = (self.full_name, self.body)
        markers = [" ubnd", " ủy ban", " uỷ ban", *(f" {name.lower()}" for name in names)]
        cut = min((i for m in markers if (i := lowered.find(m)) > 0), default=len(short))
        short = short[:cut].strip(" ,")
        if not short:
            return []
        lines = [short.upper()]
        deputy = fold(self.deputy_title)
        if deputy and fold(short).startswith(deputy):  # "Phó Chủ tịch Thường trực" too
            lines.insert(0, self.on_behalf_line)
        return lines

    def fill(self, text: str) -> str:
        """A kind's phrase with the body's name in it ("Chánh Văn phòng {body}")."""
        return text.replace("{body}", self.council_short)


# A short name that already carries its kind's word, as officers type it ("Tỉnh Hà Nam",
# "TP Hồ Chí Minh"): the default full name must not say it twice ("THÀNH PHỐ TP HỒ CHÍ MINH").
_KIND_WORD_IN_NAME = {
    "city": re.compile(r"(?:(?P<short>tp\.|t\.p\.|tp\s)|thành phố\s)\s*", re.I),
    "province": re.compile(r"tỉnh\s+", re.I),
}


def official_name(name: str, kind: str, full_name: str = "") -> str:
    """The unit's name on documents: its full name, else its kind's word and its name
    ("tỉnh Hà Nam"). A name that already holds the word is its own full name, an abbreviation
    spelled out ("TP Hồ Chí Minh" → "Thành phố Hồ Chí Minh", the word part of the name)."""
    if full_name:
        return full_name
    pattern = _KIND_WORD_IN_NAME.get(kind)
    found = pattern.match(name) if pattern else None
    if found is None:
        return f"{administrative_prefix(kind)}{name}"
    if found.groupdict().get("short"):
        return f"{administrative_prefix(kind).capitalize()}{name[found.end() :]}"
    return name


def for_unit(unit, table: Mapping[str, KindWording] | None = None) -> UnitWording:
    """The unit's wording (one query unless the caller passes `kind_table()` for many units)."""
    kind = _kind(unit.kind, table)
    full_name = official_name(unit.name, unit.kind, unit.full_name)
    if unit.body_name:
        body = unit.body_name
    elif kind.council:
        body = f"{kind.council} {full_name}"
    else:
        body = full_name
    if kind.council:
        council_short = f"{kind.council} {administrative_prefix(unit.kind)}".strip()
    else:
        council_short = body
    return UnitWording(
        kind=kind,
        full_name=full_name,
        body=body,
        council_short=council_short,
        head_title=unit.head_title or kind.head_title,
        deputy_title=unit.deputy_title or kind.deputy_title,
        locality=unit.locality or kind.locality or unit.name,
    )


def members_line(
    units: Iterable, words: ClusterWords, table: Mapping[str, KindWording] | None = None
) -> str:
    """ "Các tỉnh, thành phố thành viên Cụm;" / "Các bộ, ngành thành viên Khối;": the members'
    kinds, in the order they first appear, and the cluster's word."""
    table = kind_table() if table is None else table
    seen: list[str] = []
    for unit in units:
        word = _kind(unit.kind, table).members_word
        if word and word not in seen:
            seen.append(word)
    named = ", ".join(seen) or "đơn vị"
    return f"Các {named} thành viên {words.short};"


@dataclass(frozen=True)
class InterfaceWords:
    """The interface's words for a cluster of one kind, translated (pass them to templates)."""

    short: str  # "cụm" / "khối", inside a sentence
    head: str  # "Cụm trưởng" / "Khối trưởng"
    deputy: str
    secretary: str  # "thư ký cụm" / "thư ký khối"


_INTERFACE = {
    "cum": InterfaceWords(
        gettext_lazy("cụm"),
        gettext_lazy("Cụm trưởng"),
        gettext_lazy("Cụm phó"),
        gettext_lazy("thư ký cụm"),
    ),
    "khoi": InterfaceWords(
        gettext_lazy("khối"),
        gettext_lazy("Khối trưởng"),
        gettext_lazy("Khối phó"),
        gettext_lazy("thư ký khối"),
    ),
}
# A page that belongs to no one cluster (an error page, a person of several clusters).
NEUTRAL = InterfaceWords(
    gettext_lazy("cụm, khối"),
    gettext_lazy("đơn vị trưởng"),
    gettext_lazy("đơn vị phó"),
    gettext_lazy("thư ký cụm, khối"),
)


def interface_words(kind: str | None) -> InterfaceWords:
    return _INTERFACE.get(kind or "", NEUTRAL)


def role_label(role: str, kind: str | None) -> str:
    """A member's role on a page: "Khối trưởng" in a khối (Membership.Role's labels are a cụm's)."""
    from clusters.models import Membership

    words = interface_words(kind)
    labels = {Membership.Role.HEAD: words.head, Membership.Role.DEPUTY: words.deputy}
    return str(labels.get(role) or Membership.Role(role).label)
