"""Long records stream out with constant memory: ten times the rows does not take ten times the memory.

Measured with tracemalloc while the response is produced and read, for 2,000 and for 20,000 actions.
"""

import tracemalloc

import pytest
from django.urls import reverse

from projects.models import Action

SMALL, LARGE = 2_000, 20_000


def _add_actions(project, how_many):
    Action.objects.bulk_create(
        [Action(project=project, what=f"Phone the venue about the ramp, call {n}") for n in range(how_many)],
        batch_size=2_000,
    )


def _peak_memory_while_downloading(client, url):
    """(peak bytes allocated while the export was produced and read, bytes downloaded)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        downloaded = 0
        for chunk in response.streaming_content:
            downloaded += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, downloaded


@pytest.mark.parametrize("url_name", ["exports:actions_csv", "exports:project_record_zip", "exports:project_record_xlsx"])
def test_ten_times_the_rows_does_not_take_ten_times_the_memory(client, project, staff_member, url_name):
    client.force_login(staff_member)
    url = reverse(url_name, kwargs={"slug": project.slug})
    client.get(url)  # warm up: imports, templates and caches are not the export's memory
    _add_actions(project, SMALL)
    small_peak, small_size = _peak_memory_while_downloading(client, url)
    _add_actions(project, LARGE - SMALL)
    large_peak, large_size = _peak_memory_while_downloading(client, url)
    print(f"{url_name}: {SMALL} rows peak {small_peak / 1024:.0f} KiB ({small_size} B); "
          f"{LARGE} rows peak {large_peak / 1024:.0f} KiB ({large_size} B)")
    assert large_size > 5 * small_size  # the file really is about ten times longer
    assert large_peak < 2 * small_peak  # but the memory it took is not

