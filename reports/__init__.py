"""Report jobs: files a user asks for in the browser, made by Celery."""
