"""No lost updates: edits carry the version they were opened at; a save over a newer one is
refused (the API's `if_match`, the forms' conflict page)."""
