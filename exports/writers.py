"""Files built row by row, so a long record never has to sit in memory whole."""

import io
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .safety import cell, csv_lines

STREAM_CHUNK_BYTES = 64 * 1024


def write_workbook(sheets):
    """sheets: [(title, headers, rows)]. Returns (an open temporary file holding the .xlsx, number of data rows).

    openpyxl's write-only mode keeps each sheet in a temporary file rather than in memory.
    """
    workbook = Workbook(write_only=True)
    total = 0
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        header_cells = []
        for header in headers:
            header_cell = WriteOnlyCell(sheet, value=cell(str(header)))
            header_cell.font = Font(bold=True)
            header_cells.append(header_cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([cell(value) for value in row])
            total += 1
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output, total


class _Sink(io.RawIOBase):
    """Somewhere for zipfile to write that can be emptied as the response goes out. It cannot seek, so zipfile
    writes each entry's sizes after its data instead of going back for them."""

    def __init__(self):
        self._chunks = []
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        if not data:  # the compressor often has nothing to give yet: keep no empty pieces
            return 0
        self._chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


def zip_of_csvs(files):
    """files: [(name, headers, rows)]. Yields the bytes of a ZIP holding one CSV per entry, a piece at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, headers, rows in files:
            with archive.open(name, mode="w") as entry:
                for line in csv_lines(headers, rows):
                    entry.write(line.encode("utf-8"))
                    if sink.size >= STREAM_CHUNK_BYTES:
                        yield sink.take()
            yield sink.take()
    yield sink.take()


def csv_bytes(headers, rows):
    """Yields a CSV file as UTF-8 bytes, line by line."""
    for line in csv_lines(headers, rows):
        yield line.encode("utf-8")
