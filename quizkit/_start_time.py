"""The moment quizkit started, for measuring time to the first frame (as Posting does).

Imported first by the command line, before anything heavy.
"""

import time

START = time.perf_counter()
