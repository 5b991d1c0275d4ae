"""Health checks for a load balancer: is the database answering, is the broker answering."""

from django.conf import settings
from django.db import connection


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" here
        return False


def broker_ok():
    from coproduction.celery import app, ensure_embedded_broker_folders

    try:
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            ensure_embedded_broker_folders()
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
            if conn.transport_cls == "redis" or settings.CELERY_BROKER_URL.startswith("redis"):
                conn.default_channel.client.ping()
        return True
    except Exception:  # noqa: BLE001
        return False
