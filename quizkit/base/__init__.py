"""Ground floor: the clock, durations, file paths, study days and safe file writes. Every package may use it."""
