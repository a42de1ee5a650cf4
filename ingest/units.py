"""Administrative units as files name them: a GSO code, or a name, possibly a pre-2025 one."""

from collections import defaultdict

import pyarrow as pa
from django.utils.translation import gettext as _

from ingest.values import Converted, by_distinct, clean_text_array
from layers.models import AdminUnit
from layers.names import unit_name_key
from layers.selectors import unit_current_successors


class UnitResolver:
    """Resolves unit texts to today's unit ids.

    Everything is read from the database when the resolver is made, in the importing thread: the
    reader thread that calls `convert` must not open a connection of its own, which would neither
    see the import's transaction nor be closed with it.
    """

    def __init__(self) -> None:
        current = list(AdminUnit.objects.filter(valid_to__isnull=True))
        self._by_code = {unit.code: unit.pk for unit in current if unit.code}
        self._current: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in current:
            self._current[unit_name_key(unit.name)].append(unit)
        self._former: dict[str, list[list[AdminUnit]]] = defaultdict(list)
        for unit in AdminUnit.objects.filter(valid_to__isnull=False):
            self._former[unit_name_key(unit.name)].append(unit_current_successors(unit=unit))

    def resolve(self, text: str) -> int:
        code = text.strip()
        # Spreadsheets drop the leading zero of commune codes such as 09190.
        for candidate in (code, code.zfill(5) if code.isdigit() else code):
            if candidate in self._by_code:
                return self._by_code[candidate]
        return self._by_name(text)

    def _by_name(self, text: str) -> int:
        key = unit_name_key(text)
        current = self._current.get(key, [])
        if len(current) == 1:
            return current[0].pk
        if len(current) > 1:
            codes = ", ".join(unit.code or unit.slug for unit in current)
            raise ValueError(_("%(name)r names several units (%(codes)s); give the GSO code")
                             % {"name": text, "codes": codes})
        successors = {unit.pk: unit for units in self._former.get(key, []) for unit in units}
        if len(successors) == 1:
            return next(iter(successors))
        if successors:
            names = ", ".join(sorted(unit.name for unit in successors.values()))
            raise ValueError(_("%(name)r was split in the 2025 reform into %(units)s; give today's unit")
                             % {"name": text, "units": names})
        raise ValueError(_("no administrative unit has the code or name %r") % text)

    def convert(self, array: pa.Array) -> Converted:
        return by_distinct(clean_text_array(array), self.resolve, pa.int64())
