"""The exit codes every command returns (DESIGN.md §3), defined once."""

EXIT_OK = 0  # success
EXIT_INPUT = 1  # a problem with the learner's input: a deck, a file, the progress file
EXIT_USAGE = 2  # wrong usage of the command line
