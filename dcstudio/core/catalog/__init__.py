"""The product catalog: feeds read into a DuckDB store, and product-set filters over it.

A floor above the model and below render: it knows the project (its folder and CatalogSpec),
never the lint, the renderer or a platform.
"""
