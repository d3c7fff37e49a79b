"""Platform-neutral insights: the SQLite store of asset rows, the statistics, the judging, the report."""
