"""Gunicorn reads this file from the working directory (the web process in docker-compose.yml and the Procfile).

Access log lines carry no personal data: see coproduction/gunicorn_logging.py.
"""

accesslog = "-"
logger_class = "coproduction.gunicorn_logging.PrivateAccessLogger"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
