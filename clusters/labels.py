"""How forms of a year name units: as they were that year (issue 11).

`Unit.__str__` adds the end of a unit's validity ("Hà Nam (đến 30/06/2025)"), which reads wrong
in a 2019 form: in 2019 Hà Nam was simply Hà Nam. In a year's forms a unit is named by its name
alone, with its dates only when its validity starts or ends inside that year (2025: the old
Ninh Bình until 30/06, the merged Ninh Bình from 01/07, both called Ninh Bình).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from clusters.models import Unit


def unit_label(unit: Unit, year: int) -> str:
    """The unit's name as it was in `year` (a pure function of the unit's dates)."""
    ends = unit.valid_to is not None and unit.valid_to.year == year
    starts = unit.valid_from is not None and unit.valid_from.year == year
    if ends:
        return _("%(name)s (đến %(date)s)") % {
            "name": unit.name,
            "date": f"{unit.valid_to:%d/%m/%Y}",
        }
    if starts:
        return _("%(name)s (từ %(date)s)") % {
            "name": unit.name,
            "date": f"{unit.valid_from:%d/%m/%Y}",
        }
    return unit.name


def year_unit_label(year: int) -> Callable[[Unit], str]:
    """A `label_from_instance` for a form of that year's units."""
    return lambda unit: unit_label(unit, year)
