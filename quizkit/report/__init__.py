"""Reports: the progress summary (exports and transcripts arrive with their issue)."""
