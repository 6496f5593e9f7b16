"""Reports are rendered from the agreements' data; this app keeps no tables of its own yet."""
