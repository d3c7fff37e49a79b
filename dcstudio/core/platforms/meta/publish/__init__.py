"""Publishing a reviewed export plan to Meta's Marketing API.

tokens: secrets in the OS keyring (never on disk in plain text). client: a Graph API client with
typed errors, retries and usage headers. journal: a per-publish record that makes a publish
resumable. publisher: review, dry run, validate-only and the publish itself. aftercare: drift
read-back and review-status polling. session: the one order of those steps that the
command line and the window both run. No module here imports Qt.
"""
