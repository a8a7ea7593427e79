"""WSGI entry point for gunicorn (the PyPI ckan package ships none). Reads CKAN_INI."""
import logging.config
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

_ini = os.environ["CKAN_INI"]
logging.config.fileConfig(_ini, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(_ini).get_config())
