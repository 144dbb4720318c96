"""`python -m hip_coding` is the `hip-coding` command."""

import sys

from hip_coding.cli import main

sys.exit(main())
