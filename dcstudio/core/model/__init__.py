"""The document: assets, campaign settings, the project and its file, the combinations of its pools."""
