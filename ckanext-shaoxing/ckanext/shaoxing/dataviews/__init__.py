"""Map, region and chart views of a table (IResourceView plugins chosen from the catalogue's data
items), the aggregation and points actions they read through the gate, and their embeds
(docs/developer/views.md)."""
