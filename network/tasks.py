from celery import shared_task


@shared_task
def ping(word="ping"):
    """A round trip through the broker and a worker; used by the health tests and by leads checking the set-up."""
    return {"ping": "pong", "echo": word}
