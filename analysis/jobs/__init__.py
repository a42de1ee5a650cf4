"""Running analyses: the Celery task, the run service, the web pages and the `analyse` command."""
