"""The one way a private file (a meeting's paper, a receipt) is handed to someone the rules let see it."""

from django.http import FileResponse, Http404


def private_download(field_file, *, filename, content_type):
    """An attachment nobody's browser or proxy keeps; a file gone from disk is a 404, not a 500."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response
