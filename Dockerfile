FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango and a font for WeasyPrint's PDF payslips
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only DEBUG=false python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "hrsuite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
