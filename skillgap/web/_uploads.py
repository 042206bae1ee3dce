"""Uploads: limits, safe names, zip archives unpacked without bombs or path traversal.

Every upload is written into a folder the caller owns (a ``tempfile.TemporaryDirectory`` that
is removed when the request or the background job ends). A zip is checked before anything is
unpacked — entry count, declared sizes, compression ratio, absolute paths, ``..``, symlinks,
encryption — and again while it is unpacked (the bytes actually written are counted, so a zip
that lies about its sizes stops at the limit too).
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from skillgap.errors import DocumentTooLargeError, IngestError
from skillgap.ingest import DEFAULT_LIMITS, Limits

__all__ = ["ArchiveError", "Upload", "UploadError", "UploadTooLargeError", "WebLimits",
           "extract_zip", "is_zip", "save_uploads", "scrub"]

_CHUNK = 1 << 16
_SKIP_ENTRIES = ("__MACOSX/",)
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class UploadError(IngestError):
    """The request's files cannot be accepted as sent (none given, a bad combination)."""


class ArchiveError(UploadError):
    """A zip upload is broken, encrypted, or unsafe (absolute paths, ``..``, symlinks)."""


class UploadTooLargeError(DocumentTooLargeError):
    """An upload is over a limit of :class:`WebLimits` (size, file count, or a zip bomb)."""


@dataclass(frozen=True)
class WebLimits:
    """What one request may upload; ``document`` holds the per-document limits of ``analyze``.

    Attributes:
        max_request_bytes: the whole request body (default 100 MB).
        max_files: files in one request (default 200).
        max_zip_entries: entries in one zip (default 5,000).
        max_unzipped_bytes: the unpacked size of one request's zips together (default 200 MB).
        max_zip_ratio: uncompressed / compressed size of a zip or one of its entries (default 100).
        document: size, page, character and time limits of each document (:class:`~skillgap.Limits`).

    >>> WebLimits(max_files=10).document.max_pages
    50
    """

    max_request_bytes: int = 100_000_000
    max_files: int = 200
    max_zip_entries: int = 5_000
    max_unzipped_bytes: int = 200_000_000
    max_zip_ratio: float = 100.0
    document: Limits = field(default=DEFAULT_LIMITS)


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the client gave, and a readable binary stream."""

    filename: str
    file: BinaryIO
    size: int | None = None


def _over(what: str, value: int | float, limit: int | float, option: str,
          name: str | None) -> UploadTooLargeError:
    return UploadTooLargeError(
        f"{what} is {value:,}, over the limit of {limit:,}; send less, or start the server "
        f"with a higher {option}", path=name)


def safe_name(filename: str | None) -> str:
    """The last part of a client's file name, without control characters or leading dots.

    >>> safe_name("C:\\\\Users\\\\ann\\\\cv.pdf"), safe_name("../../etc/passwd"), safe_name(".bashrc")
    ('cv.pdf', 'passwd', 'bashrc')
    """
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".").strip()
    return name[:200] or "upload"


def _unique(folder: Path, name: str) -> Path:
    target = folder / name
    n = 2
    while target.exists():
        stem, dot, ext = name.rpartition(".")
        target = folder / (f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})")
        n += 1
    return target


def is_zip(path: Path) -> bool:
    """Whether a saved upload is a zip archive that is not an Office document."""
    if path.suffix.lower() in {".docx", ".docm", ".dotx", ".xlsx", ".pptx", ".odt"}:
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _copy(src: BinaryIO, dst: Path, *, limit: int, name: str) -> int:
    written = 0
    with dst.open("xb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise DocumentTooLargeError(
                    f"the file size in bytes is over the limit of {limit:,} (max_bytes); send a "
                    "smaller file, or start the server with a higher --max-bytes", path=name)
            out.write(chunk)
    return written


def save_uploads(uploads: Iterable[Upload], folder: Path, limits: WebLimits, *,
                 unpack: bool = True) -> list[Path]:
    """Write ``uploads`` into ``folder``; each zip is unpacked into a folder of its own.

    Returns one path per upload (a file, or the folder a zip was unpacked to), in upload order.

    Raises:
        UploadError: no file was sent.
        UploadTooLargeError: too many files, or a zip over a limit of ``limits``.
        DocumentTooLargeError: a file over ``limits.document.max_bytes``.
        ArchiveError: a zip is broken or unsafe.
    """
    items = [u for u in uploads if u.filename or u.size]
    if not items:
        raise UploadError("no file was uploaded; choose at least one resume, README or zip of a "
                          "repository (the form field is 'files')")
    if len(items) > limits.max_files:
        raise _over("the number of files", len(items), limits.max_files, "--max-files", None)
    folder.mkdir(parents=True, exist_ok=True)
    budget = [limits.max_unzipped_bytes]
    paths: list[Path] = []
    for upload in items:
        name = safe_name(upload.filename)
        max_bytes = limits.document.max_bytes
        if name.lower().endswith(".zip"):  # a zip may hold a whole repository
            max_bytes = max(max_bytes, limits.max_request_bytes)
        if upload.size is not None and upload.size > max_bytes:
            raise DocumentTooLargeError(
                f"the file size in bytes is {upload.size:,}, over the limit of {max_bytes:,} "
                "(max_bytes); send a smaller file, or start the server with a higher --max-bytes",
                path=name)
        target = _unique(folder, name)
        _copy(upload.file, target, limit=max_bytes, name=name)
        if unpack and is_zip(target):
            stem = target.name[:-4] if target.name.lower().endswith(".zip") else target.stem
            dest = _unique(folder, safe_name(stem) or "archive")
            try:
                root = extract_zip(target, dest, limits, budget=budget, name=name)
            finally:
                target.unlink(missing_ok=True)
            paths.append(root)
        else:
            paths.append(target)
    return paths


def _entry_name(info: zipfile.ZipInfo, name: str) -> PurePosixPath | None:
    """The entry's relative path, ``None`` for entries to skip; unsafe names raise."""
    raw = info.filename
    if "\x00" in raw:
        raise ArchiveError(f"entry {raw!r} has a NUL byte in its name; the archive is not "
                           "safe to unpack", path=name)
    text = raw.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise ArchiveError(f"entry {raw!r} has an absolute path; the archive is not safe to "
                           "unpack (zip the folder with relative paths)", path=name)
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"entry {raw!r} points outside the archive ('..'); the archive is "
                           "not safe to unpack", path=name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ArchiveError(f"entry {raw!r} is a symbolic link; zip the files themselves, not "
                           "links (e.g. `zip -r` without -y)", path=name)
    if info.flag_bits & 0x1:
        raise ArchiveError(f"entry {raw!r} is encrypted; upload an archive without a password",
                           path=name)
    if not parts or info.is_dir() or text.startswith(_SKIP_ENTRIES) or parts[-1] in _SKIP_NAMES:
        return None
    return PurePosixPath(*parts)


def extract_zip(archive: Path, dest: Path, limits: WebLimits, *, budget: list[int] | None = None,
                name: str | None = None) -> Path:
    """Unpack ``archive`` into ``dest`` after checking it; returns the folder to read.

    When every entry lies in one top-level folder (``repo-main/…``), that folder is returned, so
    sources are named as when the unpacked folder is given to the CLI.

    Raises:
        ArchiveError: not a zip, encrypted, an absolute path, ``..``, or a symlink.
        UploadTooLargeError: too many entries, too large unpacked, or compressed too well.
    """
    name = name or archive.name
    budget = budget if budget is not None else [limits.max_unzipped_bytes]
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
        raise ArchiveError("is not a readable zip archive; create it again with `zip -r` or "
                           "your system's 'Compress' command", path=name) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_entries:
            raise _over("the number of entries in the zip", len(infos), limits.max_zip_entries,
                        "--max-zip-entries", name)
        entries: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        for info in infos:
            rel = _entry_name(info, name)
            if rel is not None:
                entries.append((info, rel))
        total = sum(i.file_size for i, _ in entries)
        if total > budget[0]:
            raise _over("the unpacked size of the zip in bytes", total, budget[0],
                        "--max-unzipped-mb", name)
        packed = max(1, sum(i.compress_size for i, _ in entries))
        for info, rel in entries:
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
                raise UploadTooLargeError(
                    f"entry {rel} unpacks {ratio:,.0f} times its compressed size (limit "
                    f"{limits.max_zip_ratio:g}); this looks like a zip bomb and is not unpacked",
                    path=name)
        if total > 1_000_000 and total / packed > limits.max_zip_ratio:
            raise UploadTooLargeError(
                f"the zip unpacks {total / packed:,.0f} times its compressed size (limit "
                f"{limits.max_zip_ratio:g}); this looks like a zip bomb and is not unpacked",
                path=name)
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        for info, rel in entries:
            target = dest.joinpath(*rel.parts)
            if not target.resolve().is_relative_to(root):  # belt and braces after the checks
                raise ArchiveError(f"entry {info.filename!r} points outside the archive",
                                   path=name)
            target.parent.mkdir(parents=True, exist_ok=True)
            _unpack(zf, info, target, budget, name)
    tops = [p for p in dest.iterdir()]
    if len(tops) == 1 and tops[0].is_dir() and not tops[0].is_symlink():
        return tops[0]
    return dest


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int],
            name: str) -> None:
    written = 0
    try:
        with zf.open(info) as src, target.open("wb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                budget[0] -= len(chunk)
                if written > info.file_size or budget[0] < 0:
                    raise UploadTooLargeError(
                        f"entry {info.filename!r} unpacks to more bytes than the zip declares or "
                        "than the limit allows; it is not unpacked", path=name)
                out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            NotImplementedError) as exc:
        raise ArchiveError(f"entry {info.filename!r} cannot be unpacked; create the archive "
                           "again", path=name) from exc


def scrub(text: str, folder: Path) -> str:
    """``text`` without the temporary ``folder``'s path (sources named as the client named them).

    >>> scrub("/tmp/x/in/cv.pdf: broken", Path("/tmp/x/in"))
    'cv.pdf: broken'
    """
    for prefix in {str(folder), str(folder.resolve())}:
        text = text.replace(prefix + "/", "").replace(prefix, ".")
    return text


def remove_tree(folder: Path) -> None:
    """Remove ``folder`` and everything in it (no error when it is already gone)."""
    shutil.rmtree(folder, ignore_errors=True)
