"""Network-wide figures (how many members, projects, pledge signatures) are counts over every row, so they are
kept in the cache until something they count changes, instead of being counted again on every page view.

Every saved or deleted row of a counted model starts a new "generation" of figures (signals in NetworkConfig);
code that changes counted rows with a bulk UPDATE calls `figures_changed()` itself. A figure is never older than
FIGURES_SECONDS even if a change were missed.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "figures:generation"
FIGURES_SECONDS = 600

# The models whose rows the figures count: a save or delete of any of them starts a new generation.
COUNTED_MODELS = (
    "network.Member",
    "projects.Project",
    "projects.ProjectMembership",
    "pledges.PledgeVersion",
    "pledges.PledgeSignature",
    # The framework's roll-up (partnership/framework.py) is kept too: it counts evidence against the criteria.
    "partnership.Criterion",
    "partnership.Evidence",
    "partnership.Recognition",
    "projects.Principle",
)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached_figure(name, compute):
    """The figure called `name`: from the cache when nothing counted has changed, else computed and kept."""
    key = f"figures:{_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURES_SECONDS)
    return value


def _new_generation():
    cache.set(GENERATION_KEY, uuid4().hex, None)


def figures_changed(**_signal_arguments):
    """Forget every cached figure, now and again when the transaction commits, so a page counting in between
    (which cannot yet see the change) does not keep a stale figure under the new generation."""
    _new_generation()
    transaction.on_commit(_new_generation)
