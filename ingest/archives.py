"""Zip archives (.zip, .kmz, .xlsx): vet every member, then unpack or read only what is needed, counting bytes.

Member names are never used as paths: what is unpacked gets a name chosen here, in a fresh folder inside
the job's work folder. Sizes in the zip headers are not trusted either; the bytes actually produced are
counted against the job's budget and against a compression-ratio cap, so a zip bomb stops early.
"""

import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from ingest.sniff import CHUNK_BYTES, ContentMismatch, UnsafeArchive, scan_xml

MAX_MEMBERS = 10_000
MAX_RATIO = 200  # uncompressed : compressed; text data rarely passes 20
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress extremely well without harm

_ENCRYPTED = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
# What zipfile raises for corrupt data, bad CRCs, unknown compression methods and passwords.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class Budget:
    """How many more bytes one job may unpack, shared by every archive it opens."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, count: int, *, name: str) -> None:
        self.left -= count
        if self.left < 0:
            raise UnsafeArchive(
                _("%(file)s unpacks to more than %(limit)s MiB, the platform's limit (INGEST_MAX_UNPACKED_MB). "
                  "Split the data into smaller archives.")
                % {"file": name, "limit": settings.INGEST_MAX_UNPACKED_BYTES // (1024 * 1024)})


class _CountedReader:
    """A member's decompressed bytes, counted against the budget and the ratio cap as they are produced.

    The ratio uses the compressed size the header claims; a lie there only weakens that early warning, as
    the budget counts real bytes.
    """

    def __init__(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget, name: str) -> None:
        self._stream = archive.open(member)
        self._member, self._budget, self._name = member, budget, name
        self.produced = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size if 0 <= size <= CHUNK_BYTES else CHUNK_BYTES)
        self.produced += len(data)
        self._budget.take(len(data), name=self._name)
        if self.produced > RATIO_FROM_BYTES and self.produced > MAX_RATIO * max(self._member.compress_size, 1):
            raise UnsafeArchive(
                _("%(file)s: member %(member)s expands more than %(ratio)s times, the mark of a zip bomb; it was "
                  "not unpacked.") % {"file": self._name, "member": self._member.filename, "ratio": MAX_RATIO})
        return data

    def __enter__(self) -> "_CountedReader":
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stream.close()


def damaged(name: str, error: Exception) -> UnsafeArchive:
    return UnsafeArchive(
        _("%(file)s is a damaged or unsupported zip archive (%(error)s). Create the archive again with a standard "
          "zip tool, without a password.") % {"file": name, "error": error})


def zip_open(path: Path, *, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ContentMismatch(
            _("%(file)s is not a zip archive although its name says so. Check that the right file was chosen.")
            % {"file": name}) from None


def zip_members(archive: zipfile.ZipFile, *, name: str) -> list[zipfile.ZipInfo]:
    """Every member after vetting them all, without folders and macOS metadata (__MACOSX, ._*)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive(
            _("%(file)s holds %(count)s files, more than the %(max)s the platform accepts. Put only the data "
              "files in the archive.") % {"file": name, "count": len(members), "max": MAX_MEMBERS})
    for member in members:
        _vet_member(member, name=name)
    return [member for member in members if not member.is_dir() and not _is_junk(member)]


def _is_junk(member: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(member.filename.replace("\\", "/")).parts
    return not parts or "__MACOSX" in parts or parts[-1].startswith("._")


def _vet_member(member: zipfile.ZipInfo, *, name: str) -> None:
    text = member.orig_filename
    parts = text.replace("\\", "/").split("/")
    if text.replace("\\", "/").startswith("/") or _DRIVE.match(text) or ".." in parts or "\x00" in text:
        raise UnsafeArchive(
            _("%(file)s: member %(member)s would be written outside the archive's folder (absolute path, '..' or "
              "a drive letter), a trick used to overwrite files. Create the archive again from the data folder.")
            % {"file": name, "member": member.filename})
    if member.flag_bits & _ENCRYPTED:
        raise UnsafeArchive(
            _("%(file)s: member %(member)s is protected by a password. Create the archive again without a "
              "password.") % {"file": name, "member": member.filename})
    kind = stat.S_IFMT(member.external_attr >> 16)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchive(
            _("%(file)s: member %(member)s is a symbolic link or special file, not a plain file; links can "
              "point at files outside the archive. Create the archive again with the files themselves.")
            % {"file": name, "member": member.filename})


def safe_stem(text: str) -> str:
    """A file name stem safe on any file system, keeping Vietnamese letters."""
    return _UNSAFE_NAME.sub("_", PurePosixPath(text.replace("\\", "/")).stem).strip("._")[:80] or "source"


def zip_extract(archive: zipfile.ZipFile, members: Sequence[zipfile.ZipInfo], *, workdir: Path, budget: Budget,
                name: str) -> list[Path]:
    """Unpack `members` into a new folder in `workdir`, all named after the first one's stem.

    On any failure the folder and whatever was written into it are removed.
    """
    folder = Path(tempfile.mkdtemp(prefix="unpacked-", dir=workdir))
    stem = safe_stem(members[0].filename)
    try:
        return [_extract_one(archive, member, folder / (stem + _suffix(member)), budget, name)
                for member in members]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _suffix(member: zipfile.ZipInfo) -> str:
    return PurePosixPath(member.filename.replace("\\", "/")).suffix.lower()


def _extract_one(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: Budget,
                 name: str) -> Path:
    try:
        with _CountedReader(archive, member, budget, name) as reader, target.open("xb") as out:
            while chunk := reader.read():
                out.write(chunk)
    except _ZIP_ERRORS as error:
        raise damaged(name, error) from None
    return target


def side_files(main: zipfile.ZipInfo, members: Sequence[zipfile.ZipInfo], suffixes: Sequence[str]
               ) -> list[zipfile.ZipInfo]:
    """Members in the same folder as `main` with the same stem (any case), the first for each of `suffixes`."""
    base = PurePosixPath(main.filename.replace("\\", "/"))
    found: dict[str, zipfile.ZipInfo] = {}
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        same = path.parent == base.parent and path.stem.casefold() == base.stem.casefold()
        if same and path.suffix.lower() in suffixes:
            found.setdefault(path.suffix.lower(), member)
    return list(found.values())


def check_xlsx(path: Path, *, name: str) -> None:
    """An .xlsx is a zip with a workbook; every XML part is parsed without DTDs and every byte counted."""
    budget = Budget(settings.INGEST_MAX_UNPACKED_BYTES)
    with zip_open(path, name=name) as archive:
        members = zip_members(archive, name=name)
        names = {member.filename for member in members}
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise ContentMismatch(
                _("%(file)s is a zip archive but not an Excel workbook (.xlsx). Save it from Excel or LibreOffice "
                  "as \"Excel Workbook (.xlsx)\".") % {"file": name})
        for member in members:
            _read_part(archive, member, budget=budget, name=name)


def _read_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, budget: Budget, name: str) -> None:
    try:
        with _CountedReader(archive, member, budget, name) as reader:
            if _suffix(member) in (".xml", ".rels"):
                scan_xml(reader, name=f"{name}/{member.filename}")
            else:
                while reader.read():
                    pass
    except _ZIP_ERRORS as error:
        raise damaged(name, error) from None
