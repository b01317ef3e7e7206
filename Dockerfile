# The portal's image for docker-compose.yml: web, worker and beat share it.
FROM python:3.13-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext nodejs npm libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "uv>=0.9,<0.14"

WORKDIR /app
COPY pyproject.toml uv.lock package.json package-lock.json ./
RUN uv sync --frozen --no-dev && npm ci --no-audit --no-fund
COPY . .
ENV PATH="/app/.venv/bin:$PATH" DJANGO_SETTINGS_MODULE=iacd_portal.settings
RUN DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv --ignore=node_modules \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["gunicorn", "iacd_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
