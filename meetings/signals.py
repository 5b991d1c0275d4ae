"""Deleting a paper (or its meeting) deletes its file too: private documents must not linger on disk."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Paper


@receiver(post_delete, sender=Paper)
def delete_paper_file(sender, instance, **kwargs):
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    transaction.on_commit(lambda: storage.delete(name))
