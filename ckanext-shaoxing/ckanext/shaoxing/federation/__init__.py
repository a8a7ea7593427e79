"""Federation: the catalogue published as DCAT-AP 3 and schema.org through ckanext-dcat, with this
portal's profile (profile.py), its vocabularies (vocab.py) and what anyone may see (public.py)."""
