"""`quizkit send` in a process of its own, with small batches, for a test to kill midway.

Usage: python -m tests.send_runner BATCH quizkit-arguments...
"""

from __future__ import annotations

import sys

from quizkit.cli.main import main
from quizkit.interop import lrs

if __name__ == "__main__":
    lrs.BATCH = int(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
