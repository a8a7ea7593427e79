"""Stored files: resource uploads, contest files and catalogue imports, through CKAN 2.12's
configured storages (file_keeper). The door is api.py."""
