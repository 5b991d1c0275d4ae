"""Uploads cannot exhaust memory: a Word or OpenDocument paper that is a few MB on disk but unpacks to gigabytes (a
"zip bomb") used to take a web worker from ~100 MB to 2.1 GB while its type was checked. Now the look inside is
bounded — at most so many parts and so many unpacked bytes, read a small piece at a time — and the lead is told in
plain words, with nothing saved. An ordinary Word or OpenDocument paper still uploads.
"""

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.forms import DOCX, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, UnpacksTooFar, detect_paper_type
from meetings.models import Meeting
from tests import factories
from tests.test_meetings_admin import _change_form_data

MIB = 1024 * 1024
BOMB_MIB = 3 * 1024  # 3 GiB of zeros inside, about 3 MB on disk (and no zip64 needed: under 4 GiB)
ODT = "application/vnd.oasis.opendocument.text"
TOO_BIG_INSIDE = "much bigger inside than a document should be"


def _zeros_deflated(mib):
    """A raw deflate stream of `mib` MiB of zeros, a piece at a time: one MiB compressed once and repeated (a full
    flush resets the compressor, so every piece is the same bytes). Building 3 GiB this way takes no time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    for _ in range(mib):
        yield piece
    yield compressor.flush()


def _crc_of_zeros(mib):
    crc, zeros = 0, bytes(MIB)
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return crc


def _write_zip(path, members):
    """members: [(name, data or None, zeros_mib, declared_size or None)]: stored data, or that many MiB of zeros
    deflated (declared as their real size unless a lying size is given). Written to disk as it goes."""
    directory = []
    with open(path, "wb") as out:
        for name, data, zeros_mib, declared in members:
            encoded = name.encode()
            if data is not None:
                method, crc, size, pieces = zipfile.ZIP_STORED, zlib.crc32(data), len(data), [data]
            else:
                method, crc, size = zipfile.ZIP_DEFLATED, _crc_of_zeros(zeros_mib), zeros_mib * MIB
                pieces = list(_zeros_deflated(zeros_mib))
            compressed = sum(len(p) for p in pieces)
            size = size if declared is None else declared
            offset = out.tell()
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, compressed, size,
                                  len(encoded), 0) + encoded)
            for piece in pieces:
                out.write(piece)
            directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, compressed,
                                         size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        start = out.tell()
        out.write(b"".join(directory))
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory),
                              out.tell() - start, start, 0))
    return path


def _docx_bomb(path, declared=None):
    return _write_zip(path, [("[Content_Types].xml", b"<Types/>", 0, None),
                             ("word/document.xml", None, BOMB_MIB, declared)])


def _odt_bomb(path, declared=None):
    return _write_zip(path, [("mimetype", ODT.encode(), 0, None), ("content.xml", None, BOMB_MIB, declared)])


def _odt_bomb_in_its_mimetype(path, declared=None):
    # The one part the old check read whole: this is how a 1 MB file took a worker to 2.1 GB.
    return _write_zip(path, [("mimetype", None, BOMB_MIB, declared), ("content.xml", b"<office:document/>", 0, None)])


# id: (file name ending, how to build it)
BOMBS = {"docx": ("docx", _docx_bomb), "odt": ("odt", _odt_bomb), "odt-mimetype": ("odt", _odt_bomb_in_its_mimetype)}
LYING_SIZE = 90 * MIB  # under the limit, so only reading it shows what it really holds


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "<w:p>Agenda item</w:p>" * 2000 + "</w:document>")
    return buffer.getvalue()


def _odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content>" + "<text:p>Minutes</text:p>" * 2000 + "</office:document-content>")
    return buffer.getvalue()


def test_the_test_bomb_really_unpacks_to_gigabytes(tmp_path):
    with zipfile.ZipFile(_docx_bomb(tmp_path / "bomb.docx")) as archive:
        entry = archive.getinfo("word/document.xml")
        assert entry.file_size == BOMB_MIB * MIB and entry.compress_size < 4 * MIB
        with archive.open(entry) as member:
            first = member.read(10 * MIB)
    assert first == bytes(10 * MIB)
    assert (tmp_path / "bomb.docx").stat().st_size < 10 * MIB  # small enough to pass the upload limit


# --- memory, measured in a fresh process ----------------------------------------------------------------------

INSPECT = """
import json, os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings")
django.setup()
from meetings.forms import UnpacksTooFar, detect_paper_type
data = open(sys.argv[1], "rb").read()
result = "not inspected"
if sys.argv[2] == "inspect":
    try:
        result = detect_paper_type(data)
    except UnpacksTooFar:
        result = "unpacks too far"
print(json.dumps({"result": result, "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _in_a_fresh_process(path, what):
    done = subprocess.run([sys.executable, "-c", INSPECT, str(path), what], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def baseline_kib(tmp_path_factory):
    """Peak memory of a fresh process that only starts Django and reads a bomb-sized file, checking nothing."""
    return _in_a_fresh_process(_docx_bomb(tmp_path_factory.mktemp("baseline") / "bomb.docx"), "baseline")["max_rss_kib"]


def _growth_mib(path, baseline_kib):
    """Peak memory of a fresh process that checks the file, less the baseline's."""
    checked = _in_a_fresh_process(path, "inspect")
    return checked["result"], (checked["max_rss_kib"] - baseline_kib) / 1024


@pytest.mark.parametrize("kind", BOMBS)
def test_checking_a_bomb_that_unpacks_to_gigabytes_takes_under_50_mb_and_refuses_it(tmp_path, baseline_kib, kind):
    ending, build = BOMBS[kind]
    result, growth = _growth_mib(build(tmp_path / f"bomb.{ending}"), baseline_kib)
    assert result == "unpacks too far"
    assert growth < 50, f"checking the {kind} bomb grew the process by {growth:.0f} MB"


@pytest.mark.parametrize("kind", BOMBS)
def test_a_bomb_whose_sizes_claim_it_is_small_is_unpacked_a_piece_at_a_time_and_refused(tmp_path, baseline_kib, kind):
    # It says it holds 90 MB, under the limit; reading that much whole would show here, a piece at a time does not.
    assert LYING_SIZE < MAX_UNPACKED_BYTES
    ending, build = BOMBS[kind]
    result, growth = _growth_mib(build(tmp_path / f"liar.{ending}", declared=LYING_SIZE), baseline_kib)
    assert result is None  # what came out does not match what it claimed: not a sound document
    assert growth < 50, f"checking the lying {kind} bomb grew the process by {growth:.0f} MB"


@pytest.mark.parametrize("content, expected", [(_docx(), DOCX), (_odt(), ODT)], ids=["docx", "odt"])
def test_an_ordinary_word_or_opendocument_paper_is_still_recognised(content, expected):
    assert detect_paper_type(content) == expected


def test_a_zip_with_thousands_of_parts_is_refused_before_its_table_of_contents_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(MAX_ZIP_ENTRIES * 20):
            archive.writestr(f"{number:x}", b"")
    with pytest.raises(UnpacksTooFar):
        detect_paper_type(buffer.getvalue())


# --- what a lead sees in the admin -------------------------------------------------------------------------------


@pytest.fixture
def draft(lead):
    return factories.MeetingFactory(title="Planning the new year", status=Meeting.Status.DRAFT,
                                    audience=Meeting.Audience.NETWORK, created_by=lead)


def _upload_paper(client, meeting, name, content):
    url, data = _change_form_data(client, meeting)
    data.update({"papers-TOTAL_FORMS": "1", "papers-0-title": "Minutes of the last meeting",
                 "papers-0-file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})
    return client.post(url, data)


@pytest.mark.parametrize("kind", BOMBS)
def test_a_lead_uploading_a_bomb_is_told_in_plain_words_and_no_paper_is_saved(client, lead, draft, settings, tmp_path,
                                                                             kind):
    settings.MEDIA_ROOT = tmp_path / "private"
    client.force_login(lead)
    ending, build = BOMBS[kind]
    response = _upload_paper(client, draft, f"minutes.{ending}", build(tmp_path / f"bomb.{ending}").read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_BIG_INSIDE in page and "save it as a PDF" in page
    assert not draft.papers.exists()
    assert not (tmp_path / "private").exists() or not any((tmp_path / "private").rglob("*.*"))


def test_a_bomb_that_claims_to_be_small_is_refused_in_the_admin_too(client, lead, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    client.force_login(lead)
    response = _upload_paper(client, draft, "minutes.docx", _docx_bomb(tmp_path / "liar.docx", LYING_SIZE).read_bytes())
    assert response.status_code == 200
    assert "not really a DOCX file" in response.content.decode()
    assert not draft.papers.exists()


@pytest.mark.parametrize("kind, content, expected", [("docx", _docx(), DOCX), ("odt", _odt(), ODT)])
def test_a_lead_still_uploads_an_ordinary_word_or_opendocument_paper(client, lead, draft, settings, tmp_path, kind,
                                                                   content, expected):
    settings.MEDIA_ROOT = tmp_path / "private"
    client.force_login(lead)
    response = _upload_paper(client, draft, f"minutes.{kind}", content)
    assert response.status_code == 302
    paper = draft.papers.get()
    assert paper.content_type == expected and paper.size == len(content)
    assert Path(paper.file.path).read_bytes() == content
