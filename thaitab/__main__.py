import sys

from thaitab.cli import main

sys.exit(main())
