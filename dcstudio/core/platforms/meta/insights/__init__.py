"""Meta asset reporting: fetching the *_asset breakdowns into the insights store, and imports."""
