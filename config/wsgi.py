import os

from django.core.wsgi import get_wsgi_application

from config.lanes import wrap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Documents take a slot of the machine-wide lane (config/lanes.py): pages never starve.
application = wrap(get_wsgi_application())
