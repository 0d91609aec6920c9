"""The read-only JSON API, /api/v1/ (issue 14): it reads every app, so it lives at the top."""
