"""What an import did, or why it did nothing: counts and one line per rejected feature.

The command prints it, `--report` writes it as JSON and the upload page shows it; all three come
from this one object so they never disagree.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# A file with a systematic mistake would otherwise list every one of its million features.
MAX_LISTED_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    file: str
    layer: str
    feature: int | None  # 1-based position in the file; None for a problem of the whole file
    field: str  # a column of the file, "geometry", or "" for the whole file
    reason: str


@dataclass
class Report:
    file: str
    layer: str
    read: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0  # features with at least one problem
    problem_count: int = 0
    committed: bool = False
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    _features: set[int] = field(default_factory=set, repr=False)

    def reject(self, feature: int | None, field_name: str, reason: str) -> None:
        """Record a problem; counting goes on when the list is full."""
        self.problem_count += 1
        if feature is not None and feature not in self._features:
            self._features.add(feature)
            self.rejected += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(Problem(self.file, self.layer, feature, field_name, reason))

    def has_problem(self, feature: int) -> bool:
        return feature in self._features

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        del data["_features"]
        return data

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")

    def lines(self) -> list[str]:
        """The report as text for a terminal."""
        head = _("%(file)s → %(layer)s: %(read)d read, %(created)d created, %(updated)d updated, "
                 "%(rejected)d rejected.") % {
            "file": self.file, "layer": self.layer, "read": self.read, "created": self.created,
            "updated": self.updated, "rejected": self.rejected}
        lines = [head, *(_("warning: %s") % warning for warning in self.warnings)]
        lines += [_describe(problem) for problem in self.problems]
        if self.problem_count > len(self.problems):
            lines.append(_("… and %(more)d more problems (the first %(listed)d are listed).")
                         % {"more": self.problem_count - len(self.problems), "listed": len(self.problems)})
        if self.dry_run and self.ok:
            lines.append(_("Dry run: the file is fine; nothing was written."))
        elif not self.ok:
            lines.append(_("Nothing was written. Correct the file and import it again."))
        return lines


def _describe(problem: Problem) -> str:
    where = problem.file
    if problem.feature is not None:
        where += " " + _("feature %d") % problem.feature
    if problem.field:
        where += " [" + problem.field + "]"
    return f"{where}: {problem.reason}"
