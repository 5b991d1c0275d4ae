"""Files built row by row, so a long record never has to sit in memory whole."""

import datetime as dt
import io
import pickle
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .safety import cell, csv_lines

STREAM_CHUNK_BYTES = 64 * 1024
SPOOL_ROWS = 1_000  # rows pickled to the spool at a time
SPOOL_IN_MEMORY_BYTES = 64 * 1024  # a sheet smaller than this never touches the disk; larger ones wait on disk
WIDEST_COLUMN = 60  # characters: a long note wraps in the cell instead of making the sheet miles wide
NARROWEST_COLUMN = 8
DATE_WIDTH, DATETIME_WIDTH = 10, 16
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"  # the CSV files' ISO forms


def _width(value):
    """How many characters wide a cell value reads (its longest line, for text)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(map(len, value.split("\n"))) if "\n" in value else len(value)
    if isinstance(value, dt.datetime):
        return DATETIME_WIDTH
    if isinstance(value, dt.date):
        return DATE_WIDTH
    return len(str(value))


class _Spool:
    """A sheet's rows, ready for openpyxl, kept on disk (in memory while small) until the column widths are known:
    a write-only sheet takes its widths before its first row."""

    def __init__(self, columns):
        self.widths = [0] * columns
        self.count = 0
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)
        self._batch = []

    def add(self, values):
        widths = self.widths
        for i, value in enumerate(values):
            width = _width(value)
            if width > widths[i]:
                widths[i] = width
        self._batch.append(values)
        self.count += 1
        if len(self._batch) >= SPOOL_ROWS:
            self._flush()

    def _flush(self):
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def __iter__(self):
        self._flush()
        self._file.seek(0)
        try:
            while True:
                yield from pickle.load(self._file)  # noqa: S301 - our own file, written above
        except EOFError:
            pass
        finally:
            self._file.close()


def _cells(sheet, values):
    """The row as openpyxl takes it: dates and times as styled cells with a date format, the rest as plain values
    (a plain value costs openpyxl one reused cell)."""
    row = list(values)
    for i, value in enumerate(row):
        if isinstance(value, dt.date):
            date_cell = WriteOnlyCell(sheet, value=value)
            date_cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            row[i] = date_cell
    return row


def write_workbook(sheets):
    """sheets: [(title, headers, rows)]. Returns (an open temporary file holding the .xlsx, number of data rows).

    Every sheet has its header row frozen and a filter on it, and its columns as wide as what they hold (up to
    WIDEST_COLUMN). openpyxl's write-only mode keeps each sheet in a temporary file, and so does the spool the rows
    wait in while the widths are measured: memory stays flat however long the record.
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    total = 0
    for title, headers, rows in sheets:
        header_values = [cell(str(header)) for header in headers]
        spool = _Spool(len(header_values))
        for row in rows:
            spool.add([cell(value) for value in row])
        sheet = workbook.create_sheet(title=str(title)[:31])
        for i, width in enumerate(spool.widths):
            fitted = max(width, _width(header_values[i]) + 2, NARROWEST_COLUMN)  # +2: room for the filter button
            sheet.column_dimensions[get_column_letter(i + 1)].width = min(fitted + 1, WIDEST_COLUMN)
        sheet.freeze_panes = "A2"
        header_cells = []
        for value in header_values:
            header_cell = WriteOnlyCell(sheet, value=value)
            header_cell.font = bold
            header_cells.append(header_cell)
        sheet.append(header_cells)
        for values in spool:
            sheet.append(_cells(sheet, values))
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header_values), 1))}{spool.count + 1}"
        total += spool.count
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
