"""Administrative units as files name them: a GSO code, or a name, possibly a pre-2025 one."""

import pyarrow as pa
from django.utils.translation import gettext as _

from ingest.values import Converted, _by_distinct, clean_text_array
from layers.errors import UnknownUnit
from layers.models import AdminUnit
from layers.selectors import unit_resolve_current


class UnitResolver:
    """Resolves unit texts to today's unit ids, asking the database once per distinct text."""

    def __init__(self) -> None:
        current = AdminUnit.objects.filter(valid_to__isnull=True).exclude(code="")
        self._by_code = {unit.code: unit.pk for unit in current}
        self._cache: dict[str, int] = {}

    def resolve(self, text: str) -> int:
        if text in self._cache:
            return self._cache[text]
        code = text.strip()
        # Spreadsheets drop the leading zero of commune codes such as 09190.
        for candidate in (code, code.zfill(5) if code.isdigit() else code):
            if candidate in self._by_code:
                unit_id = self._by_code[candidate]
                break
        else:
            unit_id = self._by_name(text)
        self._cache[text] = unit_id
        return unit_id

    def _by_name(self, text: str) -> int:
        try:
            units = unit_resolve_current(name=text)
        except UnknownUnit:
            raise ValueError(_("no administrative unit has the code or name %r") % text) from None
        if len(units) != 1:
            names = ", ".join(unit.name for unit in units)
            raise ValueError(_("%(name)r was split in the 2025 reform into %(units)s; give today's unit")
                             % {"name": text, "units": names or "—"})
        return units[0].pk

    def convert(self, array: pa.Array) -> Converted:
        return _by_distinct(clean_text_array(array), self.resolve, pa.int64())
